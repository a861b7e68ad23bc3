"""Texts for cross-unit threads: the root message, follow-up, escalation DMs, pairing, App Home."""

DA = {
    "threads.title": ":handshake: Tråd på tværs: {units}",
    "threads.and": "og",
    "threads.areas": "På tværs af {areas}",
    "threads.situation_title": "*Borgerens situation – det hele borgerliv*",
    "threads.no_situation": (
        "_Ingen borgersituation er beskrevet endnu. Hvad er borgerens situation?_"
    ),
    "threads.item_by": "noteret af {author}",
    "threads.item_anonymous": "anonym",
    "threads.item_unit": "fra {unit}",
    "threads.more_items": "… og {count} punkter mere.",
    "threads.more_items_one": "… og 1 punkt mere.",
    "threads.more": "og {count} mere",
    "threads.why": "Tværs har samlet jer her, fordi {reasons}.",
    "threads.reason.shared": "I skriver {who} om {concepts}",
    "threads.both": "begge",
    "threads.all": "alle",
    "threads.reason.units": "et punkt nævner en anden enhed",
    "threads.reason.situation": "I beskriver den samme borgersituation",
    "threads.reason.text": "I beskriver det samme med lignende ord",
    "threads.reason.goal": "punkterne hører til samme mål",
    "threads.goal_named": "punkterne hører til målet {goal}",
    "threads.people_title": "*Med i tråden:*",
    "threads.person_unit": "{person} ({unit})",
    "threads.via_director": "{person} (direktør for {area}, da {unit} ikke har en aktiv leder i Tværs)",
    "threads.nobody": "{unit} (ingen aktiv leder eller direktør i Tværs)",
    "threads.for_unit": "{person} (direktør for {area}, for {unit})",
    "threads.question": "*Hvad kan I gøre for at hjælpe løsningen på vej?*",
    "threads.footer": (
        "Svar her i tråden. Om {days} spørger Tværs, hvordan det går. "
        "Tværs tæller svarene til månedens overblik, men gemmer ikke, hvad der bliver skrevet."
    ),
    "threads.fallback": "Tråd på tværs: {units}. Hvad kan I gøre for at hjælpe løsningen på vej?",
    "threads.grown": (
        ":heavy_plus_sign: *Et nyt punkt hænger sammen med denne tråd* – {people}, velkommen med:"
    ),
    "threads.grown_fallback": "Et nyt punkt hænger sammen med denne tråd.",
    "threads.follow_up": (
        "{people} – for {days} siden samlede Tværs jer om dette. *Hvor står det nu?*"
    ),
    "threads.follow_up_root_gone": (
        ":leftwards_arrow_with_hook: *Opfølgning på en tråd på tværs.* Den oprindelige besked "
        "er slettet, så Tværs spørger her."
    ),
    "threads.follow_up_items": "*Det drejer sig om:*",
    "threads.follow_up_hint": (
        "Svaret gælder alle åbne punkter i tråden. Alle, der er nævnt, kan svare – "
        "det første svar gælder."
    ),
    "threads.follow_up_fallback": "Opfølgning på tråden på tværs: hvor står det nu?",
    "threads.button.resolved": "Løst",
    "threads.button.in_progress": "Vi er i gang",
    "threads.button.top_management": "Kræver direktionen",
    "threads.button.not_relevant": "Ikke relevant",
    "threads.confirm.top_management_title": "Løft til direktionen?",
    "threads.confirm.top_management_text": (
        "Punkterne kommer med under »Kræver direktionen« i næste overblik, og direktørerne "
        "for de involverede områder får en besked med et link til tråden."
    ),
    "threads.confirm.not_relevant_title": "Ikke relevant?",
    "threads.confirm.not_relevant_text": (
        "Din enheds åbne punkter i tråden bliver markeret som droppet. De andre enheders "
        "punkter forbliver åbne."
    ),
    "threads.not_relevant_unit": (
        "Din enheds punkter i tråden er markeret som droppet. De andre enheders punkter er "
        "stadig åbne, og tråden fortsætter for dem."
    ),
    "threads.not_relevant_unit_again": "Din enheds punkter i tråden er allerede droppet.",
    "threads.confirm.yes": "Ja",
    "threads.confirm.no": "Annullér",
    "threads.outcome.resolved": (
        ":white_check_mark: *Løst* – markeret af {person} den {when}. Tak!"
    ),
    "threads.outcome.in_progress": (
        ":arrows_counterclockwise: *Vi er i gang* – markeret af {person} den {when}. "
        "Tryk igen, når det er løst eller kræver direktionen."
    ),
    "threads.outcome.top_management": (
        ":rotating_light: *Kræver direktionen* – løftet af {person} den {when}. "
        "Punkterne står under »Kræver direktionen« i næste overblik."
    ),
    "threads.outcome.not_relevant": (
        ":heavy_minus_sign: *Ikke relevant* – lukket af {person} den {when}. "
        "De åbne punkter er markeret som droppet."
    ),
    "threads.outcome_fallback": "Tråden på tværs er besvaret: {outcome}.",
    "threads.already": "{person} har allerede svaret *{outcome}*, så dit klik ændrede ikke noget.",
    "threads.resolved.title": "Løst",
    "threads.resolved.submit": "Markér som løst",
    "threads.resolved.close": "Luk",
    "threads.resolved.label": "Hvad fik det til at lykkes?",
    "threads.resolved.placeholder": "Fx et fast møde hver uge mellem de to enheder",
    "threads.resolved.hint": (
        "Du må gerne lade feltet stå tomt, men et par ord hjælper andre med at gøre det samme: "
        "de kommer med i månedens overblik. Skriv ikke CPR-numre."
    ),
    "threads.resolved.taken": (
        "{person} nåede at svare *{outcome}* først, så Tværs har ikke gemt noget fra dig."
    ),
    "threads.resolved.your_text": "Her er din tekst, så intet går tabt:",
    "threads.gone": "Tråden findes ikke længere i Tværs.",
    "threads.err_not_involved": (
        "Kun lederne i de involverede enheder, deres direktører og administratorer kan svare "
        "for tråden. Skriv gerne i tråden i stedet."
    ),
    "threads.dm.title": ":rotating_light: *En tråd på tværs kræver direktionen*",
    "threads.dm.body": (
        "{person} har løftet {items} fra {units} til direktionen. "
        "Lederne er nået så langt, de kan – resten kræver en beslutning på tværs."
    ),
    "threads.dm.item_title": ":rotating_light: *Et punkt kræver direktionen*",
    "threads.dm.item_body": "{person} har løftet et punkt fra {units} til direktionen.",
    "threads.dm.item_body_anonymous": "Et punkt fra {units} er løftet til direktionen.",
    "threads.dm.item_fallback": "Et punkt kræver direktionen: {units}.",
    "threads.dm.link": "<{url}|Se tråden>",
    "threads.dm.no_link": "Tråden ligger i {channel}.",
    "threads.dm.footer": "Punkterne står under »Kræver direktionen« i næste månedsoverblik.",
    "threads.dm.fallback": "En tråd på tværs kræver direktionen: {units}.",
    "threads.pair.intro": (
        ":wave: *Hej {a} og {b}!* I er ledere i hver jeres enhed – {unit_a} og {unit_b} – "
        "men det, I har noteret i Tværs, hænger sammen. Tag en snak på en halv time i denne "
        "måned, fx over en kop kaffe."
    ),
    "threads.pair.questions": "*Tre spørgsmål I kan tage udgangspunkt i:*",
    "threads.pair.footer": (
        "Tværs foreslår makkerpar én gang om måneden. I bliver ikke sat sammen igen "
        "de næste seks måneder."
    ),
    "threads.pair.fallback": "Tværs foreslår, at I to tager en snak på tværs af jeres enheder.",
    "threads.home.title": "*Tråde på tværs*",
    "threads.home.no_channel": (
        ":warning: Tråde på tværs er ikke slået til, fordi der ikke er valgt en kanal. "
        "Vælg kanalen under *Indstillinger* herunder."
    ),
    "threads.home.problem": (
        ":warning: Tværs kan ikke lægge tråde på tværs i {channel}: {reason} "
        "Tværs prøver ikke igen, før der er valgt en anden kanal, eller du trykker *Prøv igen*."
    ),
    "threads.home.reason.is_archived": "kanalen er arkiveret.",
    "threads.home.reason.channel_not_found": (
        "kanalen findes ikke (eller er privat, og Tværs er ikke inviteret)."
    ),
    "threads.home.reason.private": "kanalen er privat. Invitér Tværs med `/invite @Tværs`.",
    "threads.home.reason.other": "Slack afviste beskeden.",
    "threads.home.retry": "Prøv igen",
}

EN = {
    "threads.title": ":handshake: Cross-unit thread: {units}",
    "threads.and": "and",
    "threads.areas": "Across {areas}",
    "threads.situation_title": "*The citizen's situation – their whole everyday life*",
    "threads.no_situation": "_No citizen situation has been described yet. What is the citizen's situation?_",
    "threads.item_by": "noted by {author}",
    "threads.item_anonymous": "anonymous",
    "threads.item_unit": "from {unit}",
    "threads.more_items": "… and {count} more items.",
    "threads.more_items_one": "… and 1 more item.",
    "threads.more": "and {count} more",
    "threads.why": "Tværs brought you together because {reasons}.",
    "threads.reason.shared": "you {who} write about {concepts}",
    "threads.both": "both",
    "threads.all": "all",
    "threads.reason.units": "an item names another unit",
    "threads.reason.situation": "you describe the same citizen situation",
    "threads.reason.text": "you describe the same thing in similar words",
    "threads.reason.goal": "the items serve the same goal",
    "threads.goal_named": "the items serve the goal {goal}",
    "threads.people_title": "*In this thread:*",
    "threads.person_unit": "{person} ({unit})",
    "threads.via_director": "{person} (director of {area}, as {unit} has no active manager in Tværs)",
    "threads.nobody": "{unit} (no active manager or director in Tværs)",
    "threads.for_unit": "{person} (director of {area}, for {unit})",
    "threads.question": "*What can you do to help the solution along?*",
    "threads.footer": (
        "Reply here in the thread. In {days} Tværs asks how it is going. "
        "Tværs counts the replies for the monthly digest but never stores what is written."
    ),
    "threads.fallback": "Cross-unit thread: {units}. What can you do to help the solution along?",
    "threads.grown": (
        ":heavy_plus_sign: *A new item belongs with this thread* – {people}, welcome aboard:"
    ),
    "threads.grown_fallback": "A new item belongs with this thread.",
    "threads.follow_up": (
        "{people} – {days} ago Tværs brought you together on this. *Where does it stand?*"
    ),
    "threads.follow_up_root_gone": (
        ":leftwards_arrow_with_hook: *Follow-up on a cross-unit thread.* The original message "
        "was deleted, so Tværs asks here."
    ),
    "threads.follow_up_items": "*It is about:*",
    "threads.follow_up_hint": (
        "The answer covers every open item in the thread. Anyone mentioned can answer – "
        "the first answer counts."
    ),
    "threads.follow_up_fallback": "Follow-up on the cross-unit thread: where does it stand?",
    "threads.button.resolved": "Resolved",
    "threads.button.in_progress": "We're on it",
    "threads.button.top_management": "Needs top management",
    "threads.button.not_relevant": "Not relevant",
    "threads.confirm.top_management_title": "Escalate to top management?",
    "threads.confirm.top_management_text": (
        "The items appear under “Needs top management” in the next digest, and the directors "
        "of the areas involved get a message with a link to the thread."
    ),
    "threads.confirm.not_relevant_title": "Not relevant?",
    "threads.confirm.not_relevant_text": (
        "Your unit's open items in the thread will be marked dropped. The other units' items "
        "stay open."
    ),
    "threads.not_relevant_unit": (
        "Your unit's items in the thread are marked dropped. The other units' items are still "
        "open, and the thread goes on for them."
    ),
    "threads.not_relevant_unit_again": "Your unit's items in the thread are already dropped.",
    "threads.confirm.yes": "Yes",
    "threads.confirm.no": "Cancel",
    "threads.outcome.resolved": (
        ":white_check_mark: *Resolved* – marked by {person} on {when}. Thank you!"
    ),
    "threads.outcome.in_progress": (
        ":arrows_counterclockwise: *We're on it* – marked by {person} on {when}. "
        "Click again when it is resolved or needs top management."
    ),
    "threads.outcome.top_management": (
        ":rotating_light: *Needs top management* – escalated by {person} on {when}. "
        "The items appear under “Needs top management” in the next digest."
    ),
    "threads.outcome.not_relevant": (
        ":heavy_minus_sign: *Not relevant* – closed by {person} on {when}. "
        "The open items are marked dropped."
    ),
    "threads.outcome_fallback": "The cross-unit thread was answered: {outcome}.",
    "threads.already": "{person} already answered *{outcome}*, so your click changed nothing.",
    "threads.resolved.title": "Resolved",
    "threads.resolved.submit": "Mark as resolved",
    "threads.resolved.close": "Close",
    "threads.resolved.label": "What made it work?",
    "threads.resolved.placeholder": "E.g. a fixed weekly meeting between the two units",
    "threads.resolved.hint": (
        "You may leave it empty, but a few words help others do the same: they go into the "
        "monthly digest. Do not write CPR numbers."
    ),
    "threads.resolved.taken": (
        "{person} answered *{outcome}* first, so Tværs stored nothing from you."
    ),
    "threads.resolved.your_text": "Here is your text, so nothing is lost:",
    "threads.gone": "The thread no longer exists in Tværs.",
    "threads.err_not_involved": (
        "Only the managers of the units involved, their directors and administrators can "
        "answer for the thread. Please write in the thread instead."
    ),
    "threads.dm.title": ":rotating_light: *A cross-unit thread needs top management*",
    "threads.dm.body": (
        "{person} escalated {items} from {units} to top management. "
        "The managers have gone as far as they can – the rest needs a decision across units."
    ),
    "threads.dm.item_title": ":rotating_light: *An item needs top management*",
    "threads.dm.item_body": "{person} has raised an item from {units} to top management.",
    "threads.dm.item_body_anonymous": "An item from {units} has been raised to top management.",
    "threads.dm.item_fallback": "An item needs top management: {units}.",
    "threads.dm.link": "<{url}|Open the thread>",
    "threads.dm.no_link": "The thread is in {channel}.",
    "threads.dm.footer": "The items appear under “Needs top management” in the next monthly digest.",
    "threads.dm.fallback": "A cross-unit thread needs top management: {units}.",
    "threads.pair.intro": (
        ":wave: *Hi {a} and {b}!* You manage different units – {unit_a} and {unit_b} – "
        "but what you have noted in Tværs is connected. Take half an hour to talk this month, "
        "over a cup of coffee perhaps."
    ),
    "threads.pair.questions": "*Three questions to start from:*",
    "threads.pair.footer": (
        "Tværs suggests pairs once a month. You will not be paired again for six months."
    ),
    "threads.pair.fallback": "Tværs suggests the two of you talk across your units.",
    "threads.home.title": "*Cross-unit threads*",
    "threads.home.no_channel": (
        ":warning: Cross-unit threads are off because no channel is chosen. "
        "Choose the channel under *Settings* below."
    ),
    "threads.home.problem": (
        ":warning: Tværs cannot open cross-unit threads in {channel}: {reason} "
        "Tværs will not try again until another channel is chosen or you press *Try again*."
    ),
    "threads.home.reason.is_archived": "the channel is archived.",
    "threads.home.reason.channel_not_found": (
        "the channel does not exist (or it is private and Tværs is not invited)."
    ),
    "threads.home.reason.private": "the channel is private. Invite Tværs with `/invite @Tværs`.",
    "threads.home.reason.other": "Slack refused the message.",
    "threads.home.retry": "Try again",
}
