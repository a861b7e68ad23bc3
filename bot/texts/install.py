"""Texts for installing Tværs with "Add to Slack" (OAuth mode): the web pages and the welcome."""

DA = {
    "install.page_title": "Tilføj Tværs til Slack",
    "install.page_intro": (
        "Tværs hjælper ledere med at finde løsninger for borgerne på tværs af enheder: "
        "barrierer med /barriere, en kort refleksion hver uge og et månedligt overblik til "
        "direktionen."
    ),
    "install.page_note": (
        "Tværs gemmer jeres data i databasen hos den, der driver denne installation af Tværs, "
        "adskilt fra andre Slack-arbejdsområders data. Slack-nøglen gemmes krypteret."
    ),
    "install.button": "Tilføj til Slack",
    "install.done_title": "Tværs er installeret",
    "install.done": (
        "Tværs er nu installeret i {team}. Åbn Tværs i Slack: en administrator sætter enheder, "
        "ledere og mål op under fanen Hjem."
    ),
    "install.open": "Åbn Tværs i Slack",
    "install.failed_title": "Installationen lykkedes ikke",
    "install.failed": "Tværs blev ikke installeret ({reason}). Prøv igen fra begyndelsen.",
    "install.cancelled": "Installationen blev afbrudt. Intet er ændret i jeres Slack.",
    "install.retry": "Prøv igen",
    "install.not_installed": (
        "Tværs er ikke (længere) installeret i dette Slack. En administrator kan installere det "
        "igen med »Tilføj til Slack«; data fra før gemmes i {days} efter en afinstallation."
    ),
    "install.welcome": (
        ":wave: Tak fordi du installerede Tværs i {team}. Åbn fanen *Hjem* her hos Tværs for at "
        "komme i gang: en Slack-administrator bliver Tværs' første administrator og sætter "
        "enheder, ledere og mål op."
    ),
}

EN = {
    "install.page_title": "Add Tværs to Slack",
    "install.page_intro": (
        "Tværs helps managers find solutions for citizens across units: barriers with /barriere, "
        "a short weekly reflection and a monthly digest for top management."
    ),
    "install.page_note": (
        "Tværs keeps your data in the database of whoever runs this installation of Tværs, apart "
        "from other Slack workspaces' data. The Slack token is stored encrypted."
    ),
    "install.button": "Add to Slack",
    "install.done_title": "Tværs is installed",
    "install.done": (
        "Tværs is now installed in {team}. Open Tværs in Slack: an admin sets up units, managers "
        "and goals on the Home tab."
    ),
    "install.open": "Open Tværs in Slack",
    "install.failed_title": "The installation did not succeed",
    "install.failed": "Tværs was not installed ({reason}). Please start again.",
    "install.cancelled": "The installation was cancelled. Nothing changed in your Slack.",
    "install.retry": "Try again",
    "install.not_installed": (
        "Tværs is not installed in this Slack (any more). An admin can install it again with "
        "“Add to Slack”; earlier data is kept for {days} after an uninstall."
    ),
    "install.welcome": (
        ":wave: Thank you for installing Tværs in {team}. Open the *Home* tab here in Tværs to get "
        "started: a Slack admin becomes Tværs's first admin and sets up units, managers and goals."
    ),
}
