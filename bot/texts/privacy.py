"""Texts for a person's own data: export, erasure, and what happens on uninstall."""

DA = {
    "privacy.sent": (
        ":package: Jeg har sendt dig alt, hvad Tværs har om dig, i en direkte besked "
        "(JSON og CSV). Vil du have det slettet, så tryk på knappen."
    ),
    "privacy.already_sent": ":package: Dine data er sendt til din DM for et øjeblik siden.",
    "privacy.file_comment": "Her er alt, hvad Tværs har gemt om dig ({items} punkter, {reflections} refleksioner).",
    "privacy.erase_button": "Slet mine data",
    "privacy.confirm_title": "Slet dine data?",
    "privacy.confirm_submit": "Slet for altid",
    "privacy.confirm_text": (
        "Det her sletter for altid:\n"
        "• alle dine svar på ugens refleksion og dine beskeder til Tværs\n"
        "• teksten i dine {items} punkter (barrierer, potentialer, dilemmaer), borgersituationer og noter\n\n"
        "Tilbage bliver kun tal, der ikke kan føres tilbage til dig (fx at et punkt blev løst). "
        "Overblik, der allerede er sendt til direktionen, ændres ikke."
    ),
    "privacy.done_title": "Dine data er slettet",
    "privacy.done": (
        ":white_check_mark: Slettet: teksten i {items} punkter, {reflections} refleksioner og "
        "{replies} beskeder. Overblik, der allerede er sendt til direktionen, forbliver som de er. "
        "Det, du selv har skrevet i Slack, ligger stadig i Slack, og kommunens "
        "sikkerhedskopier af databasen slettes efter kommunens egne regler."
    ),
}

EN = {
    "privacy.sent": (
        ":package: I have sent you everything Tværs holds about you in a direct message "
        "(JSON and CSV). If you want it deleted, press the button."
    ),
    "privacy.already_sent": ":package: Your data was sent to your DM a moment ago.",
    "privacy.file_comment": "Here is everything Tværs has stored about you ({items} items, {reflections} reflections).",
    "privacy.erase_button": "Delete my data",
    "privacy.confirm_title": "Delete your data?",
    "privacy.confirm_submit": "Delete for good",
    "privacy.confirm_text": (
        "This deletes for good:\n"
        "• all your answers to the weekly reflection and your messages to Tværs\n"
        "• the text of your {items} items (barriers, potentials, dilemmas), citizen situations and notes\n\n"
        "Only numbers that cannot be traced back to you remain (e.g. that an item was resolved). "
        "Digests already sent to top management are not changed."
    ),
    "privacy.done_title": "Your data is deleted",
    "privacy.done": (
        ":white_check_mark: Deleted: the text of {items} items, {reflections} reflections and "
        "{replies} messages. Digests already sent to top management stay as they are. "
        "What you wrote in Slack itself stays in Slack, and the municipality's backups of the "
        "database are deleted by its own rules."
    ),
}
