"""Texts for the directors' decisions on escalations."""

DA = {
    "decisions.button.taken": "Vi tager den",
    "decisions.button.answered": "Send tilbage med svar",
    "decisions.button.not_ours": "Ikke et direktionsanliggende",
    "decisions.button.change": "Ændr til »{kind}«",
    "decisions.change_hint": (
        "Ændrer du beslutningen, får tråden og lederne den nye – den gamle bliver stående i "
        "historikken."
    ),
    "decisions.question": "*Spørgsmålet til direktionen:* »{question}«",
    "decisions.escalate.title": "Kræver direktionen",
    "decisions.escalate.submit": "Løft til direktionen",
    "decisions.escalate.intro": (
        "Direktørerne for de involverede områder får tråden og dit spørgsmål i en besked og kan "
        "svare med det samme."
    ),
    "decisions.escalate.label": "Hvad beder I direktionen om?",
    "decisions.escalate.placeholder": "Vi beder direktionen om …",
    "decisions.escalate.hint": "Kort: hvad skal direktionen beslutte eller løsne op for?",
    "decisions.modal.title": "Direktionens svar",
    "decisions.modal.submit": "Send",
    "decisions.modal.cancel": "Annullér",
    "decisions.modal.close": "Luk",
    "decisions.modal.owner": "Hvem i direktionen tager den?",
    "decisions.modal.due": "Hvornår har I et svar?",
    "decisions.modal.note.taken": "Note (valgfri)",
    "decisions.modal.note.answered": "Jeres svar til lederne",
    "decisions.modal.note.not_ours": "Hvorfor ikke? Hvem skal have den?",
    "decisions.outcome.taken": "*Direktionen tager den* – {owner} har den, svar senest {due}.",
    "decisions.outcome.taken_no_date": "*Direktionen tager den* – {owner} har den.",
    "decisions.outcome.answered": "*Direktionen har svaret*:",
    "decisions.outcome.not_ours": "*Ikke et direktionsanliggende*:",
    "decisions.by": "Besluttet af {person} den {when}.",
    "decisions.standing.waiting": ":classical_building: Venter på direktionen siden {since}",
    "decisions.standing.decided": ":classical_building: {outcome}",
    "decisions.changed": "Beslutningen er ændret – den nye beslutning gælder.",
    "decisions.thread.title": ":classical_building: *Direktionen har truffet en beslutning*",
    "decisions.manager.title": (":classical_building: *Direktionen har svaret på det, du løftede*"),
    "decisions.fallback": "Direktionen har truffet en beslutning.",
    "decisions.already": "{person} har allerede besluttet: {kind}. Den beslutning gælder.",
    "decisions.error.not_director": "Kun en direktør kan træffe beslutningen.",
    "decisions.error.gone": "Det punkt findes ikke længere.",
    "decisions.error.empty": "Skriv et par ord, før du sender.",
    "decisions.error.no_question": "Skriv kort, hvad direktionen skal beslutte eller løsne op for.",
    "decisions.error.too_long": "Teksten er for lang – højst {limit} tegn.",
    "decisions.error.cpr": (
        "Teksten ser ud til at indeholde et CPR-nummer. Fjern det – Tværs gemmer ikke "
        "personoplysninger."
    ),
    "decisions.error.owner": "Vælg en direktør.",
    "decisions.error.agenda": "Dagsordenen til direktionsmødet er kun for direktører.",
    "decisions.agenda.title": "*Til dagsordenen for næste direktionsmøde* (ældste først)",
    "decisions.agenda.none": "Der er ingen åbne eskaleringer til direktionen.",
    "decisions.agenda.line": "{number}. *{units}* – har ventet {waited}",
    "decisions.agenda.raised_by": "(løftet af {person})",
    "decisions.agenda.csv_button": "Hent som CSV",
    "decisions.agenda.csv_comment": "Dagsordenen til direktionsmødet som CSV ({count}).",
    "decisions.agenda.csv_sent": "CSV-filen ligger i din besked fra Tværs.",
    "decisions.agenda.csv_failed": "Filen kunne ikke sendes ({error}). Prøv igen om lidt.",
    "decisions.agenda.csv.number": "Nr.",
    "decisions.agenda.csv.raised": "Løftet",
    "decisions.agenda.csv.days": "Ventet (dage)",
    "decisions.agenda.csv.units": "Involverede enheder",
    "decisions.agenda.csv.raised_by": "Løftet af",
    "decisions.agenda.csv.question": "Spørgsmålet til direktionen",
    "decisions.reminder": (
        ":hourglass: *Påmindelse:* En eskalering har ventet på direktionen i {waited} "
        "uden en beslutning."
    ),
    "decisions.nudge": (
        ":alarm_clock: Du tog et punkt for direktionen med svar senest {due}. Datoen er passeret "
        "– lederne venter på svar."
    ),
}

EN = {
    "decisions.button.taken": "We'll take it",
    "decisions.button.answered": "Send back with an answer",
    "decisions.button.not_ours": "Not for top management",
    "decisions.button.change": "Change to “{kind}”",
    "decisions.change_hint": (
        "If you change the decision, the thread and the managers get the new one – the old one "
        "stays in the history."
    ),
    "decisions.question": "*The question for top management:* “{question}”",
    "decisions.escalate.title": "Needs top management",
    "decisions.escalate.submit": "Raise it",
    "decisions.escalate.intro": (
        "The directors of the areas involved get the thread and your question in a message and "
        "can answer at once."
    ),
    "decisions.escalate.label": "What do you ask top management?",
    "decisions.escalate.placeholder": "We ask top management to …",
    "decisions.escalate.hint": "Briefly: what should top management decide or unblock?",
    "decisions.modal.title": "Top management's answer",
    "decisions.modal.submit": "Send",
    "decisions.modal.cancel": "Cancel",
    "decisions.modal.close": "Close",
    "decisions.modal.owner": "Who in top management takes it?",
    "decisions.modal.due": "When will you have an answer?",
    "decisions.modal.note.taken": "Note (optional)",
    "decisions.modal.note.answered": "Your answer to the managers",
    "decisions.modal.note.not_ours": "Why not? Who should have it?",
    "decisions.outcome.taken": "*Top management takes it* – {owner} owns it, answer by {due}.",
    "decisions.outcome.taken_no_date": "*Top management takes it* – {owner} owns it.",
    "decisions.outcome.answered": "*Top management answered*:",
    "decisions.outcome.not_ours": "*Not for top management*:",
    "decisions.by": "Decided by {person} on {when}.",
    "decisions.standing.waiting": ":classical_building: Waiting for top management since {since}",
    "decisions.standing.decided": ":classical_building: {outcome}",
    "decisions.changed": "The decision was changed – the new decision counts.",
    "decisions.thread.title": ":classical_building: *Top management has decided*",
    "decisions.manager.title": ":classical_building: *Top management answered what you raised*",
    "decisions.fallback": "Top management has decided.",
    "decisions.already": "{person} already decided: {kind}. That decision counts.",
    "decisions.error.not_director": "Only a director can make this decision.",
    "decisions.error.gone": "That item no longer exists.",
    "decisions.error.empty": "Write a few words before you send.",
    "decisions.error.no_question": "Say briefly what top management should decide or unblock.",
    "decisions.error.too_long": "The text is too long – at most {limit} characters.",
    "decisions.error.cpr": (
        "The text seems to contain a CPR number. Remove it – Tværs stores no personal data."
    ),
    "decisions.error.owner": "Choose a director.",
    "decisions.error.agenda": "The agenda for the top management meeting is for directors only.",
    "decisions.agenda.title": "*For the agenda of the next top management meeting* (oldest first)",
    "decisions.agenda.none": "There are no open escalations to top management.",
    "decisions.agenda.line": "{number}. *{units}* – has waited {waited}",
    "decisions.agenda.raised_by": "(raised by {person})",
    "decisions.agenda.csv_button": "Download as CSV",
    "decisions.agenda.csv_comment": "The agenda for the top management meeting as CSV ({count}).",
    "decisions.agenda.csv_sent": "The CSV file is in your messages from Tværs.",
    "decisions.agenda.csv_failed": "The file could not be sent ({error}). Try again in a moment.",
    "decisions.agenda.csv.number": "No.",
    "decisions.agenda.csv.raised": "Raised",
    "decisions.agenda.csv.days": "Waited (days)",
    "decisions.agenda.csv.units": "Units involved",
    "decisions.agenda.csv.raised_by": "Raised by",
    "decisions.agenda.csv.question": "The question for top management",
    "decisions.reminder": (
        ":hourglass: *Reminder:* An escalation has waited {waited} for top management "
        "without a decision."
    ),
    "decisions.nudge": (
        ":alarm_clock: You took an item for top management with an answer by {due}. The date "
        "has passed – the managers are waiting for an answer."
    ),
}
