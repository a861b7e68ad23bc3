"""Texts for a person's own data: export, erasure, and what happens on uninstall."""

DA = {
    "privacy.sent": (
        ":package: Tværs sender dig alt, hvad der er gemt om dig, i en direkte besked "
        "(JSON og CSV) om et øjeblik. Vil du have det slettet, så tryk på knappen."
    ),
    "privacy.already_sent": ":package: Dine data er sendt til din DM for et øjeblik siden.",
    "privacy.file_comment": "Her er alt, hvad Tværs har gemt om dig ({items}, {reflections}).",
    "privacy.erase_button": "Slet mine data",
    "privacy.confirm_title": "Slet dine data?",
    "privacy.confirm_submit": "Slet for altid",
    "privacy.confirm_text": (
        "Det her sletter for altid:\n"
        "• alle dine svar på ugens refleksion og dine beskeder til Tværs\n"
        "• teksten i {items}, du har noteret (barrierer, potentialer, dilemmaer), med borgersituationer og noter\n\n"
        "Tilbage bliver kun tal, der ikke kan føres tilbage til dig (fx at et punkt blev løst). "
        "Overblik, der allerede er sendt til direktionen, ændres ikke."
    ),
    "privacy.done_title": "Dine data er slettet",
    "privacy.done": (
        ":white_check_mark: Slettet: teksten i {items}, {reflections} og {replies}. "
        "Overblik, der allerede er sendt til direktionen, forbliver som de er. "
        "Det, du selv har skrevet i Slack, ligger stadig i Slack, og sikkerhedskopier af "
        "Tværs' database slettes efter de regler, der gælder for dem."
    ),
}

EN = {
    "privacy.sent": (
        ":package: Tværs is sending you everything it holds about you in a direct message "
        "(JSON and CSV) in a moment. If you want it deleted, press the button."
    ),
    "privacy.already_sent": ":package: Your data was sent to your DM a moment ago.",
    "privacy.file_comment": "Here is everything Tværs has stored about you ({items}, {reflections}).",
    "privacy.erase_button": "Delete my data",
    "privacy.confirm_title": "Delete your data?",
    "privacy.confirm_submit": "Delete for good",
    "privacy.confirm_text": (
        "This deletes for good:\n"
        "• all your answers to the weekly reflection and your messages to Tværs\n"
        "• the text of {items} you noted (barriers, potentials, dilemmas), with citizen situations and notes\n\n"
        "Only numbers that cannot be traced back to you remain (e.g. that an item was resolved). "
        "Digests already sent to top management are not changed."
    ),
    "privacy.done_title": "Your data is deleted",
    "privacy.done": (
        ":white_check_mark: Deleted: the text of {items}, {reflections} and {replies}. "
        "Digests already sent to top management stay as they are. "
        "What you wrote in Slack itself stays in Slack, and backups of Tværs's database are "
        "deleted by the rules that apply to them."
    ),
}
