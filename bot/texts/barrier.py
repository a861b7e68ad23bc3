"""Texts for /barriere, its modal, the item buttons and the managers' App Home section."""

DA = {
    "kind.barrier": "Barriere",
    "kind.potential": "Potentiale",
    "kind.dilemma": "Dilemma",
    "status.open": "Åben",
    "status.in_progress": "I gang",
    "status.resolved": "Løst",
    "status.dropped": "Droppet",
    "level.own_unit": "Egen enhed",
    "level.across_units": "På tværs af enheder",
    "level.top_management": "Direktionen",
    "modal.title_new": "Notér i Tværs",
    "modal.title_edit": "Redigér punkt",
    "modal.submit": "Gem",
    "modal.close": "Annullér",
    "modal.kind_label": "Hvad vil du notere?",
    "modal.text_label": "Beskrivelse",
    "modal.text_placeholder": "Hvad står i vejen – eller hvad kunne lykkes på tværs?",
    "modal.text_hint": "Højst 3.000 tegn. Skriv ikke CPR-numre eller borgeres navne.",
    "modal.units_label": "Involverede enheder",
    "modal.units_hint": "Din egen enhed er valgt på forhånd.",
    "modal.situation_label": "Borgerens situation – det hele borgerliv",
    "modal.situation_placeholder": "Fx en ung på 19 uden job, som bor alene og har angst",
    "modal.situation_hint": "Hvad er borgerens situation? Beskriv situationen, ikke personen.",
    "modal.goal_label": "Tværgående mål",
    "modal.goal_placeholder": "Vælg et mål",
    "modal.level_label": "Hvem kan flytte det?",
    "modal.question_label": "Hvad beder du direktionen om?",
    "modal.question_placeholder": "Vi beder direktionen om …",
    "modal.question_hint": (
        "Kun når direktionen skal flytte det. Direktørerne får spørgsmålet i en besked og kan "
        "svare med det samme."
    ),
    "modal.anonymous_label": "Synlighed for direktionen",
    "modal.anonymous_option": "Vis ikke mit navn for direktionen (anonym)",
    "modal.anonymous_hint": (
        "Tværs viser så hverken dit navn eller nævner dig i tråde, men enheden står der: er du "
        "enhedens eneste leder, kan den pege på dig."
    ),
    "items.err_empty": "Skriv en kort beskrivelse – feltet er tomt.",
    "items.err_too_long": "Teksten er {count} tegn; der er plads til {limit}. Forkort den lidt.",
    "items.err_cpr": (
        "Det ligner et CPR-nummer. Tværs må ikke gemme CPR-numre: beskriv borgerens situation "
        "uden at man kan se, hvem det er (fx »ung kvinde, 19 år«)."
    ),
    "items.err_kind": "Vælg om det er en barriere, et potentiale eller et dilemma.",
    "items.err_level": "Vælg hvem der kan flytte det.",
    "items.err_status": "Vælg en status.",
    "items.err_question_level": (
        "Vælg »Direktionen« under »Hvem kan flytte det?«, hvis direktionen skal have spørgsmålet."
    ),
    "items.err_escalate_closed": (
        "Et løst eller droppet punkt kan ikke løftes til direktionen. Vælg »I gang«."
    ),
    "items.err_note_required": "Skriv kort, hvad der gjorde forskellen – det kommer med i overblikket.",
    "items.err_not_author": (
        "Kun den der har noteret punktet (eller en administrator) kan ændre det."
    ),
    "items.err_undo_late": (
        "Det er mere end 10 minutter siden. Brug `/barriere mine` for at slette punktet."
    ),
    "items.gone": "Punktet findes ikke længere – det er slettet.",
    "items.saved": "{emoji} *{kind} gemt.* Tak – det kommer med i overblikket.",
    "items.saved_hint": "Tilføj {missing}, så Tværs kan finde dem, der deler det.",
    "items.missing.units": "enheder",
    "items.missing.situation": "borgerens situation",
    "items.missing.goal": "et mål",
    "items.undone": "Fortrudt – punktet er slettet, og intet er gemt.",
    "items.deleted": "Punktet er slettet.",
    "items.refused_cpr": (
        ":no_entry: *Ikke gemt:* teksten ser ud til at indeholde et CPR-nummer, og det må Tværs "
        "ikke gemme. Beskriv borgerens situation uden CPR-nummer og prøv igen. "
        "Her er din tekst uden nummeret:"
    ),
    "items.refused_long": (
        ":no_entry: *Ikke gemt:* teksten er {count} tegn, og der er plads til {limit}. "
        "Forkort den, eller skriv `/barriere` uden tekst for at få formularen. Her er din tekst:"
    ),
    "items.status_saved": "Status er opdateret: *{status}*.",
    "items.escalated": "Løftet til direktionen – det kommer med under »Kræver direktionen«.",
    "button.add_details": "Tilføj detaljer",
    "button.undo": "Fortryd",
    "button.edit": "Redigér",
    "button.status": "Opdatér status",
    "button.delete": "Slet",
    "button.new": "Notér nyt",
    "confirm.delete_title": "Slet punktet?",
    "confirm.delete_text": "Teksten slettes for altid og kan ikke hentes tilbage.",
    "confirm.delete_yes": "Slet",
    "confirm.delete_no": "Annullér",
    "status.title": "Opdatér status",
    "status.label": "Status",
    "status.note_label": "Hvad gjorde forskellen?",
    "status.note_hint": "En kort note til overblikket, fx »fælles visitationsmøde hver uge«.",
    "status.escalate_label": "Direktionen",
    "status.escalate_option": "Det her kræver direktionen",
    "status.question_hint": (
        "Skriv kort, hvad direktionen skal beslutte eller løsne op for. Direktørerne får det i "
        "en besked."
    ),
    "mine.title": "Dine åbne punkter ({count})",
    "mine.none": "Du har ingen åbne punkter. Notér et med `/barriere din tekst`.",
    "mine.more": "… og {count} mere – se dem alle under Tværs' Hjem-fane.",
    "item.anonymous": "anonym for direktionen",
    "item.units": "Enheder: {units}",
    "item.situation": "Borgersituation: {situation}",
    "item.goal": "Mål: {goal}",
    "item.note": "Det gjorde forskellen: »{note}«",
    "item.thread": ":speech_balloon: Drøftes i en tråd på tværs i {channel}",
    "home.mine_title": "Dine åbne punkter",
    "home.mine_none": "Ingen åbne punkter. Notér en barriere, et potentiale eller et dilemma.",
    "home.resolved_title": "Senest løste",
    "home.unplaced_title": "Punkter fra folk uden enhed ({count})",
    "home.unplaced_hint": (
        "Personerne er ikke i organisationen endnu. Vælg dem under *Personer* herunder, "
        "og giv dem en enhed."
    ),
    "gone.title": "Ikke gemt",
    "gone.text": (
        "Punktet er slettet, så ændringerne blev ikke gemt. Her er din tekst, så intet går tabt:"
    ),
    "help.text": (
        "*Sådan bruger du `/barriere`*\n"
        "• `/barriere` – åbn formularen (type, enheder, borgersituation, mål, anonymitet)\n"
        "• `/barriere din tekst` – gem en *barriere* med det samme\n"
        "• `/barriere potentiale din tekst` eller `/barriere dilemma din tekst` – de andre typer\n"
        "• `/barriere mine` – dine åbne punkter: redigér, opdatér status eller slet\n"
        "• `/barriere mine data` – alt hvad Tværs har om dig, med mulighed for at slette det\n"
        "• `/barriere overblik [ÅÅÅÅ-MM]` – månedens overblik (direktører og administratorer)\n"
        "• `/barriere dagsorden` – åbne eskaleringer til næste direktionsmøde (direktører)\n"
        "• `/barriere hjælp` – denne hjælp\n"
        "Alt andet du skriver efter `/barriere` gemmes som en barriere, også hvis første ord "
        "ligner en kommando. Skriv aldrig CPR-numre – Tværs afviser dem."
    ),
}

EN = {
    "kind.barrier": "Barrier",
    "kind.potential": "Potential",
    "kind.dilemma": "Dilemma",
    "status.open": "Open",
    "status.in_progress": "In progress",
    "status.resolved": "Resolved",
    "status.dropped": "Dropped",
    "level.own_unit": "Own unit",
    "level.across_units": "Across units",
    "level.top_management": "Top management",
    "modal.title_new": "Note in Tværs",
    "modal.title_edit": "Edit item",
    "modal.submit": "Save",
    "modal.close": "Cancel",
    "modal.kind_label": "What do you want to note?",
    "modal.text_label": "Description",
    "modal.text_placeholder": "What stands in the way – or what could work across units?",
    "modal.text_hint": "At most 3,000 characters. Do not write CPR numbers or citizens' names.",
    "modal.units_label": "Units involved",
    "modal.units_hint": "Your own unit is preselected.",
    "modal.situation_label": "The citizen's situation – the whole everyday life",
    "modal.situation_placeholder": "E.g. a 19-year-old without a job who lives alone with anxiety",
    "modal.situation_hint": "What is the citizen's situation? Describe the situation, not the person.",
    "modal.goal_label": "Cross-cutting goal",
    "modal.goal_placeholder": "Choose a goal",
    "modal.level_label": "Who can move it?",
    "modal.question_label": "What do you ask top management?",
    "modal.question_placeholder": "We ask top management to …",
    "modal.question_hint": (
        "Only when top management has to move it. The directors get the question in a message "
        "and can answer at once."
    ),
    "modal.anonymous_label": "Visibility to top management",
    "modal.anonymous_option": "Do not show my name to top management (anonymous)",
    "modal.anonymous_hint": (
        "Tværs then neither shows your name nor mentions you in threads, but the unit is shown: "
        "if you are its only manager, it can point to you."
    ),
    "items.err_empty": "Write a short description – the field is empty.",
    "items.err_too_long": "The text is {count} characters; there is room for {limit}. Shorten it a little.",
    "items.err_cpr": (
        "This looks like a CPR number. Tværs must not store CPR numbers: describe the citizen's "
        "situation without identifying them (e.g. “young woman, 19”)."
    ),
    "items.err_kind": "Choose whether it is a barrier, a potential or a dilemma.",
    "items.err_level": "Choose who can move it.",
    "items.err_status": "Choose a status.",
    "items.err_question_level": (
        "Choose “Top management” under “Who can move it?” if top management should get the "
        "question."
    ),
    "items.err_escalate_closed": (
        "A resolved or dropped item cannot be raised to top management. Choose “In progress”."
    ),
    "items.err_note_required": "Write briefly what made the difference – it goes into the digest.",
    "items.err_not_author": "Only the person who noted the item (or an administrator) can change it.",
    "items.err_undo_late": "It is more than 10 minutes ago. Use `/barriere mine` to delete the item.",
    "items.gone": "The item no longer exists – it was deleted.",
    "items.saved": "{emoji} *{kind} saved.* Thank you – it will be in the digest.",
    "items.saved_hint": "Add {missing}, so Tværs can find who shares it.",
    "items.missing.units": "units",
    "items.missing.situation": "the citizen's situation",
    "items.missing.goal": "a goal",
    "items.undone": "Undone – the item is deleted and nothing is stored.",
    "items.deleted": "The item is deleted.",
    "items.refused_cpr": (
        ":no_entry: *Not saved:* the text seems to contain a CPR number, which Tværs must not "
        "store. Describe the citizen's situation without it and try again. "
        "Here is your text without the number:"
    ),
    "items.refused_long": (
        ":no_entry: *Not saved:* the text is {count} characters and there is room for {limit}. "
        "Shorten it, or type `/barriere` with no text to get the form. Here is your text:"
    ),
    "items.status_saved": "Status updated: *{status}*.",
    "items.escalated": "Raised to top management – it will appear under “Needs top management”.",
    "button.add_details": "Add details",
    "button.undo": "Undo",
    "button.edit": "Edit",
    "button.status": "Update status",
    "button.delete": "Delete",
    "button.new": "Note something",
    "confirm.delete_title": "Delete the item?",
    "confirm.delete_text": "The text is deleted for good and cannot be recovered.",
    "confirm.delete_yes": "Delete",
    "confirm.delete_no": "Cancel",
    "status.title": "Update status",
    "status.label": "Status",
    "status.note_label": "What made the difference?",
    "status.note_hint": "A short note for the digest, e.g. “a joint weekly referral meeting”.",
    "status.escalate_label": "Top management",
    "status.escalate_option": "This needs top management",
    "status.question_hint": (
        "Say briefly what top management should decide or unblock. The directors get it in a "
        "message."
    ),
    "mine.title": "Your open items ({count})",
    "mine.none": "You have no open items. Note one with `/barriere your text`.",
    "mine.more": "… and {count} more – see them all on Tværs' Home tab.",
    "item.anonymous": "anonymous to top management",
    "item.units": "Units: {units}",
    "item.situation": "Citizen's situation: {situation}",
    "item.goal": "Goal: {goal}",
    "item.note": "What made the difference: “{note}”",
    "item.thread": ":speech_balloon: Discussed in a cross-unit thread in {channel}",
    "home.mine_title": "Your open items",
    "home.mine_none": "No open items. Note a barrier, a potential or a dilemma.",
    "home.resolved_title": "Recently resolved",
    "home.unplaced_title": "Items from people with no unit ({count})",
    "home.unplaced_hint": (
        "These people are not in the organisation yet. Choose them under *People* below "
        "and give them a unit."
    ),
    "gone.title": "Not saved",
    "gone.text": "The item was deleted, so the changes were not saved. Here is your text, so nothing is lost:",
    "help.text": (
        "*How to use `/barriere`*\n"
        "• `/barriere` – open the form (kind, units, citizen's situation, goal, anonymity)\n"
        "• `/barriere your text` – save a *barrier* at once\n"
        "• `/barriere potentiale your text` or `/barriere dilemma your text` – the other kinds\n"
        "• `/barriere mine` – your open items: edit, update status or delete\n"
        "• `/barriere mine data` – everything Tværs holds about you, with a way to delete it\n"
        "• `/barriere overblik [YYYY-MM]` – the month's digest (directors and administrators)\n"
        "• `/barriere dagsorden` – open escalations for the next top management meeting "
        "(directors)\n"
        "• `/barriere hjælp` – this help\n"
        "Anything else you write after `/barriere` is saved as a barrier, even if the first word "
        "looks like a command. Never write CPR numbers – Tværs refuses them."
    ),
}
