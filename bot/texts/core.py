"""Texts for the parts every surface shares: errors, App Home basics, roles."""

DA = {
    "error.generic": (
        ":warning: Noget gik galt hos Tværs, og det er ikke din skyld. Prøv igen om lidt."
    ),
    "error.db_unavailable": (
        ":hourglass: Tværs kan ikke nå sin database lige nu. Prøv igen om et øjeblik."
    ),
    "error.not_allowed": "Det har du ikke adgang til i Tværs.",
    "error.your_text": "Din tekst, så intet går tabt:\n>{text}",
    "role.manager": "leder",
    "role.director": "direktør/chef",
    "role.admin": "administrator",
    "role.unknown": "ikke registreret",
    "home.title": "Tværs",
    "home.intro": (
        "*Tværs* hjælper ledere med at finde løsninger for borgerne *på tværs* af enheder og sektorer. "
        "Brug `/barriere` til at notere en barriere, et potentiale eller et dilemma "
        "på få sekunder. "
        "Hver uge får du tre korte refleksionsspørgsmål her i din DM, og direktionen får hver "
        "måned et overblik over effekten for borgerne og det, kun de kan flytte."
    ),
    "home.you_are": "Du er registreret som *{role}* i *{unit}*.",
    "home.you_are_no_unit": "Du er registreret som *{role}*, men uden enhed.",
    "home.unknown_person": (
        "Tværs kender dig ikke endnu. Du kan stadig bruge `/barriere` – en administrator "
        "knytter dig til din enhed."
    ),
    "home.area": "Område: {area}",
    "home.no_unit": "ingen enhed",
    "home.questions_title": "Ugens tre spørgsmål",
    "home.questions": (
        "1. Hvor ser du et særligt behov for en tværgående løsning?\n"
        "2. Hvilke barrierer ser du?\n"
        "3. Hvad kan du gøre for at hjælpe løsningen på vej?"
    ),
    "home.goals_title": "Kommunens tværgående mål",
    "home.no_goals": "Der er ikke sat tværgående mål endnu.",
    "home.director_note": (
        "Som direktør/chef får du månedens overblik i direktionens kanal: effekt først, "
        "derefter det der kræver direktionen, til sidst aktivitet."
    ),
    "home.admin_note": (
        "Som administrator sætter du Tværs op under *Administration* herunder: kanaler, "
        "enheder, personer og mål."
    ),
    # -- a number with its noun: `key` is the plural, `key_one` the singular (see texts.tn)
    "count.item": "{count} punkter",
    "count.item_one": "{count} punkt",
    "count.reflection": "{count} refleksioner",
    "count.reflection_one": "{count} refleksion",
    "count.message": "{count} beskeder",
    "count.message_one": "{count} besked",
    "count.day": "{count} dage",
    "count.day_one": "{count} dag",
    "count.manager": "{count} ledere",
    "count.manager_one": "{count} leder",
    "count.unit": "{count} enheder",
    "count.unit_one": "{count} enhed",
    "count.change": "{count} ændringer",
    "count.change_one": "{count} ændring",
    # A change of a percentage is in points; its level stays "procent" (texts.points).
    "change.points": "{number} procentpoint",
    "change.points_one": "{number} procentpoint",
}

EN = {
    "error.generic": (
        ":warning: Something went wrong in Tværs, and it is not your fault. "
        "Please try again shortly."
    ),
    "error.db_unavailable": (
        ":hourglass: Tværs cannot reach its database right now. Please try again in a moment."
    ),
    "error.not_allowed": "You do not have access to that in Tværs.",
    "error.your_text": "Your text, so nothing is lost:\n>{text}",
    "role.manager": "manager",
    "role.director": "director",
    "role.admin": "administrator",
    "role.unknown": "not registered",
    "home.title": "Tværs",
    "home.intro": (
        "*Tværs* helps managers find solutions for citizens *across* units and sectors. "
        "Use `/barriere` to note a barrier, a potential or a dilemma in seconds. "
        "Every week you get three short reflection questions here in your DM, and every month "
        "top management gets a picture of the effect for citizens and of what only they can move."
    ),
    "home.you_are": "You are registered as *{role}* in *{unit}*.",
    "home.you_are_no_unit": "You are registered as *{role}*, with no unit.",
    "home.unknown_person": (
        "Tværs does not know you yet. You can still use `/barriere`; an administrator "
        "will link you to your unit."
    ),
    "home.area": "Area: {area}",
    "home.no_unit": "no unit",
    "home.questions_title": "The week's three questions",
    "home.questions": (
        "1. Where do you see a particular need for a cross-cutting solution?\n"
        "2. Which barriers do you see?\n"
        "3. What can you do to help the solution along?"
    ),
    "home.goals_title": "The municipality's cross-cutting goals",
    "home.no_goals": "No cross-cutting goals have been set yet.",
    "home.director_note": (
        "As a director you get the month's digest in the directors' channel: effect first, "
        "then what needs top management, then activity."
    ),
    "home.admin_note": (
        "As an administrator you set Tværs up under *Administration* below: channels, units, "
        "people and goals."
    ),
    "count.item": "{count} items",
    "count.item_one": "{count} item",
    "count.reflection": "{count} reflections",
    "count.reflection_one": "{count} reflection",
    "count.message": "{count} messages",
    "count.message_one": "{count} message",
    "count.day": "{count} days",
    "count.day_one": "{count} day",
    "count.manager": "{count} managers",
    "count.manager_one": "{count} manager",
    "count.unit": "{count} units",
    "count.unit_one": "{count} unit",
    "count.change": "{count} changes",
    "count.change_one": "{count} change",
    "change.points": "{number} percentage points",
    "change.points_one": "{number} percentage point",
}
