"""Texts for set-up and administration: the first-run guide, the admin section and its modals
(settings, working days, status), the audit log and the director's section of App Home.

Areas, units and people are in bot.texts.admin_org; goals and indicators in bot.texts.goals.
"""

DA = {
    # -- general
    "admin.close": "Luk",
    "admin.cancel": "Annullér",
    "admin.save": "Gem",
    "admin.edit": "Redigér",
    "admin.edit_menu": "Redigér…",
    "admin.retire": "Nedlæg",
    "admin.none": "–",
    "admin.never": "aldrig",
    "admin.no_area": "Uden område",
    "admin.weekday.0": "mandag",
    "admin.weekday.1": "tirsdag",
    "admin.weekday.2": "onsdag",
    "admin.weekday.3": "torsdag",
    "admin.weekday.4": "fredag",
    "admin.weekday.5": "lørdag",
    "admin.weekday.6": "søndag",
    "admin.lang.da": "dansk",
    "admin.lang.en": "engelsk",
    # -- errors (shown as field errors in the modals, or in a small notice)
    "admin.err_not_admin": "Det kræver, at du er administrator i Tværs. Intet er ændret.",
    "admin.err_name_empty": "Skriv et navn – feltet er tomt.",
    "admin.err_name_long": "Teksten er {count} tegn; der er plads til {limit}.",
    "admin.err_cpr": "Det ligner et CPR-nummer, og det må Tværs ikke gemme.",
    "admin.err_channel": "Vælg en kanal (ikke en direkte besked).",
    "admin.err_weekday": "Vælg en ugedag.",
    "admin.err_time": "Vælg et klokkeslæt som 09:00.",
    "admin.err_reminder_days": "Påmindelsen skal komme efter {low} til {high} dage, inden ugen er gået.",
    "admin.err_decision_days": "Påmindelsen til direktionen skal komme efter {low} til {high} dage.",
    "admin.err_threshold": "Grænsen skal være mellem {low} og {high} ledere. Under {low} kan tallene pege på enkeltpersoner.",
    "admin.err_language": "Vælg dansk eller engelsk.",
    "admin.err_not_slack_admin": "Kun en administrator eller ejer af Slack-arbejdsområdet kan starte opsætningen.",
    "admin.err_already_set_up": "Tværs er allerede sat op. Bed en af Tværs' administratorer om hjælp.",
    # -- the first-run guide
    "admin.first_run_title": "Velkommen til Tværs",
    "admin.first_run_intro": (
        "Tværs er installeret, men kender endnu ikke jeres organisation: områder, enheder, "
        "ledere og de tværgående mål. Sæt den op på én af to måder."
    ),
    "admin.first_run_start": (
        "*1. Start her i Slack*\n"
        "Bliv Tværs' første administrator, og opret områder, enheder, mål og personer "
        "direkte her i App Home."
    ),
    "admin.first_run_file": (
        "*2. Eller indlæs en fil* – når der er mange enheder og personer på én gang\n"
        "Beskriv organisationen i en YAML-fil (start fra `examples/org.yaml`) og kør "
        "`python -m bot import-org org.yaml` på serveren. Personer kan angives med Slack-id "
        "eller e-mail. `python -m bot export-org` skriver senere den aktuelle organisation "
        "tilbage i samme format."
    ),
    "admin.first_run_claim": "Start her",
    "admin.first_run_ask": (
        "Kun en administrator eller ejer af Slack-arbejdsområdet kan starte opsætningen her. "
        "Bed dem åbne Tværs."
    ),
    "admin.first_run_after": (
        "Når organisationen findes, viser siden her dine egne punkter, ugens spørgsmål og målene."
    ),
    # -- the admin section
    "admin.title": "Administration",
    "admin.checklist": ":clipboard: *Mangler for at Tværs kan gøre sit arbejde:* {missing}.",
    "admin.missing_units": "enheder",
    "admin.missing_digest": "direktionens kanal",
    "admin.missing_goals": "tværgående mål",
    "admin.missing_managers": "ledere",
    "admin.settings_title": "Indstillinger",
    "admin.days_title": "Arbejdsdage",
    "admin.days_rule": (
        "Tværs skriver kun til folk på arbejdsdage: ikke i weekenden, på helligdage, 24.12., "
        "31.12., grundlovsdag og fredag efter Kristi himmelfartsdag. Det, der falder på en "
        "lukket dag, kommer næste arbejdsdag."
    ),
    "admin.days_may_open": "1. maj er en arbejdsdag.",
    "admin.days_may_closed": "1. maj er lukket.",
    "admin.days_own": "Egne lukkedage: {days}",
    "admin.days_own_none": "Egne lukkedage: ingen",
    "admin.days_button": "Lukkedage",
    "admin.days_modal_title": "Lukkedage",
    "admin.days_list_empty": "Ingen egne lukkedage endnu.",
    "admin.days_remove": "Fjern",
    "admin.days_new": "*Tilføj en lukkedag* (fx juleluk 23.12.–2.1.)",
    "admin.days_start": "Fra",
    "admin.days_end": "Til (tom: kun én dag)",
    "admin.days_name": "Navn",
    "admin.days_name_hint": "Fx Juleluk",
    "admin.days_may": "1. maj",
    "admin.days_may_option": "Luk 1. maj",
    "admin.err_closure_start": "Vælg den første lukkedag.",
    "admin.err_closure_order": "Den sidste dag kan ikke ligge før den første.",
    "admin.err_closure_long": "Højst {limit} dage i træk.",
    "admin.first_digest": "Det første månedsoverblik kommer {date}.",
    "admin.first_digest_no_data": (
        "Det første månedsoverblik kommer den første arbejdsdag i måneden efter, at der er "
        "registreret noget i Tværs."
    ),
    "admin.settings_channels": "Direktionens kanal: {digest} · Tværgående tråde: {cross}",
    "admin.settings_prompt": "Ugens spørgsmål: {day} kl. {time} · én påmindelse efter {days}",
    "admin.settings_privacy": "Anonymitetsgrænse: {threshold} · Sprog: {language}",
    "admin.status_title": "Driftsstatus",
    "admin.job_never": ":white_circle: {job} har ikke kørt endnu",
    "admin.job_running": ":hourglass_flowing_sand: {job} kører (startede {when})",
    "admin.job_stuck": ":warning: {job} startede {when} og meldte aldrig tilbage – tjek clock-processen",
    "admin.job_ok": ":white_check_mark: {job} {when}: {summary}",
    "admin.job_failed": ":x: {job} fejlede {when} ({summary}); sidst gennemført: {last_ok}",
    "admin.status_waiting": (
        ":inbox_tray: Åbne punkter, der venter på en administrator – fra personer uden enhed: "
        "{unknown} (vælg personen ovenfor og giv dem en enhed) · uden nogen enhed: {no_units}"
    ),
    "admin.status_nothing_waiting": ":inbox_tray: Ingen punkter venter på en administrator.",
    "admin.status_socket_up": ":electric_plug: Forbundet til Slack (Socket Mode); forbindelsen er fra {when}",
    "admin.status_socket_down": ":warning: Ikke forbundet til Slack (Socket Mode) lige nu; sidst forbundet {when}",
    "admin.status_prompts": (
        ":speech_balloon: Ugens spørgsmål, uge {week}: sendt {sent} · fejlet {failed} · "
        "på vej {pending} · besvaret {answered}"
    ),
    "admin.status_no_prompts": ":speech_balloon: Ugens spørgsmål, uge {week}: ingen sendt endnu.",
    "admin.status_channel_broken": ":warning: Tværs kan ikke skrive i {channel} ({uses}): {problem}",
    "admin.status_channels_ok": ":white_check_mark: Tværs kan skrive i alle valgte kanaler ({count}).",
    "admin.status_channels_unchecked": ":grey_question: Kanaler, der ikke er tjekket endnu: {count} (det sker inden for 6 timer).",
    "admin.problem.channel_not_found": "kanalen findes ikke, eller den er privat og Tværs er ikke inviteret",
    "admin.problem.is_archived": "kanalen er arkiveret – vælg en anden",
    "admin.problem.not_in_channel": "Tværs er ikke med i kanalen – skriv `/invite @Tværs` i kanalen",
    "admin.problem.missing_scope": "appen mangler rettigheden til at se kanalen – installér den igen fra manifestet",
    "admin.problem.other": "Slack svarede med en fejl",
    "admin.use_digest": "direktionens overblik",
    "admin.use_cross_unit": "tværgående tråde",
    "admin.use_area": "overblik for {area}",
    "admin.audit_title": "Ændringslog",
    "admin.audit_all": "Hele loggen",
    "admin.audit_empty": "Ingen ændringer endnu.",
    "admin.audit_limit": "De seneste {count} ændringer, nyeste først.",
    "admin.audit_limit_one": "Den seneste ændring.",
    "admin.sync_actor": ":busts_in_silhouette: Synkroniseringen",
    "admin.field.digest_channel": "direktionens kanal",
    "admin.field.cross_unit_channel": "kanalen til tværgående tråde",
    "admin.field.prompt_weekday": "ugedagen for ugens spørgsmål",
    "admin.field.prompt_time": "klokkeslættet for ugens spørgsmål",
    "admin.field.reminder_days": "dage før påmindelsen",
    "admin.field.anonymity_threshold": "anonymitetsgrænsen",
    "admin.field.decision_reminder_days": "dage før påmindelsen til direktionen",
    "admin.field.language": "sproget",
    "admin.field.may_day_closed": "1. maj lukket",
    "admin.field.role": "rollen",
    "admin.field.usergroup": "brugergruppen",
    "admin.field.name": "navnet",
    "admin.field.measure_unit": "måleenheden",
    "admin.field.higher_is_better": "retningen",
    "admin.field.target": "målet",
    # -- the audit log: "<time> · <who> <what>"
    "audit.settings.changed": "ændrede {field}: {before} → {after}",
    "audit.area.added": "oprettede området {subject}",
    "audit.closing_day.added": "tilføjede lukkedagen {subject} ({after})",
    "audit.closing_day.removed": "fjernede lukkedagen {subject} ({before})",
    "audit.area.reactivated": "genoprettede området {subject}",
    "audit.area.renamed": "omdøbte området {before} til {subject}",
    "audit.area.channel": "satte overbliks-kanalen for {subject}: {before} → {after}",
    "audit.area.merged": "slog området {subject} sammen med {after}",
    "audit.area.retired": "nedlagde området {subject}",
    "audit.unit.added": "oprettede enheden {subject} (område: {after})",
    "audit.unit.reactivated": "genoprettede enheden {subject}",
    "audit.unit.renamed": "omdøbte enheden {before} til {subject}",
    "audit.unit.area": "flyttede enheden {subject}: {before} → {after}",
    "audit.unit.usergroup": "koblede enheden {subject} til en brugergruppe: {before} → {after}",
    "audit.unit.merged": "slog enheden {subject} sammen med {after}",
    "audit.unit.retired": "nedlagde enheden {subject}",
    "audit.person.added": "tilføjede {subject} som {after}",
    "audit.person.unit": "satte enheden for {subject}: {before} → {after}",
    "audit.person.role": "ændrede rollen for {subject}: {before} → {after}",
    "audit.person.deactivated": "deaktiverede {subject}",
    "audit.person.reactivated": "genaktiverede {subject}",
    "audit.person.joined_group": "satte {subject} i {after} (med i brugergruppen)",
    "audit.person.left_group": "registrerede at {subject} forlod brugergruppen for {before}",
    "audit.person.left_deactivated": "deaktiverede {subject}, der forlod brugergruppen for {before}",
    "audit.goal.added": "oprettede målet {subject}",
    "audit.goal.reactivated": "genoprettede målet {subject}",
    "audit.goal.renamed": "omdøbte målet {before} til {subject}",
    "audit.goal.description": "ændrede beskrivelsen af målet {subject}",
    "audit.goal.retired": "nedlagde målet {subject}",
    "audit.indicator.added": "tilføjede indikatoren {subject}",
    "audit.indicator.reactivated": "genoprettede indikatoren {subject}",
    "audit.indicator.changed": "ændrede {field} for indikatoren {subject}: {before} → {after}",
    "audit.indicator.retired": "nedlagde indikatoren {subject}",
    "audit.first_admin": "startede opsætningen og blev Tværs' første administrator",
    # -- settings modal
    "admin.channel_placeholder": "Vælg en kanal",
    "admin.digest_channel_label": "Direktionens kanal",
    "admin.digest_channel_hint": "Her kommer månedens overblik: effekt først, så det der kræver direktionen.",
    "admin.cross_channel_label": "Kanal til tværgående tråde",
    "admin.cross_channel_hint": "Her samler Tværs lederne fra de enheder, der deler et punkt.",
    "admin.weekday_label": "Ugens spørgsmål: dag",
    "admin.weekday_hint": "Standard for alle ledere; den enkelte kan vælge en anden dag i App Home.",
    "admin.time_label": "Ugens spørgsmål: klokkeslæt",
    "admin.decision_days_label": "Påmindelse til direktionen efter (dage)",
    "admin.decision_days_hint": (
        "Når en eskalering har ventet så længe uden en beslutning, får direktørerne én påmindelse."
    ),
    "admin.reminder_label": "Påmindelse efter (dage)",
    "admin.reminder_hint": "Én venlig påmindelse til dem, der ikke har svaret – aldrig flere.",
    "admin.threshold_label": "Anonymitetsgrænse (ledere)",
    "admin.threshold_hint": "Refleksionstal vises kun for grupper med mindst så mange ledere; mindre grupper slås sammen.",
    "admin.language_label": "Sprog",
    "admin.settings_area_hint": "Et område kan også have sin egen overbliks-kanal: vælg området under Områder og enheder.",
    # -- the director's section
    "admin.director_title": "Dit overblik: {where}",
    "admin.director_all": "hele organisationen",
    "admin.director_escalated": ":rotating_light: Kræver direktionen ({count})",
    "admin.director_none_escalated": "Intet er løftet til direktionen lige nu.",
    "admin.director_escalated_on": "løftet {date}",
    "admin.director_by": "fra {user}",
    "admin.director_more": "… og {count} mere",
    "admin.director_month": ":calendar: Måneden indtil nu (fra {date})",
    "admin.director_month_text": "Nye – {new}\nLøst: {resolved} · løftet til direktionen: {escalated}",
    "admin.kind_plural.barrier": "Barrierer",
    "admin.kind_plural.potential": "Potentialer",
    "admin.kind_plural.dilemma": "Dilemmaer",
    "admin.director_digest_hint": "Det samlede overblik med effekten på målene kommer den første arbejdsdag i måneden i direktionens kanal.",
}

EN = {
    # -- general
    "admin.close": "Close",
    "admin.cancel": "Cancel",
    "admin.save": "Save",
    "admin.edit": "Edit",
    "admin.edit_menu": "Edit…",
    "admin.retire": "Retire",
    "admin.none": "–",
    "admin.never": "never",
    "admin.no_area": "No area",
    "admin.weekday.0": "Monday",
    "admin.weekday.1": "Tuesday",
    "admin.weekday.2": "Wednesday",
    "admin.weekday.3": "Thursday",
    "admin.weekday.4": "Friday",
    "admin.weekday.5": "Saturday",
    "admin.weekday.6": "Sunday",
    "admin.lang.da": "Danish",
    "admin.lang.en": "English",
    # -- errors
    "admin.err_not_admin": "That needs you to be an administrator in Tværs. Nothing was changed.",
    "admin.err_name_empty": "Type a name – the field is empty.",
    "admin.err_name_long": "The text is {count} characters; there is room for {limit}.",
    "admin.err_cpr": "That looks like a CPR number, which Tværs must not store.",
    "admin.err_channel": "Choose a channel (not a direct message).",
    "admin.err_weekday": "Choose a weekday.",
    "admin.err_time": "Choose a time such as 09:00.",
    "admin.err_reminder_days": "The reminder must come after {low} to {high} days, before the week is over.",
    "admin.err_decision_days": "The reminder to top management must come after {low} to {high} days.",
    "admin.err_threshold": "The threshold must be between {low} and {high} managers. Below {low}, figures can point at individuals.",
    "admin.err_language": "Choose Danish or English.",
    "admin.err_not_slack_admin": "Only an admin or owner of the Slack workspace can start the set-up.",
    "admin.err_already_set_up": "Tværs is already set up. Ask one of its administrators for help.",
    # -- the first-run guide
    "admin.first_run_title": "Welcome to Tværs",
    "admin.first_run_intro": (
        "Tværs is installed but does not know your organisation yet: areas, units, managers "
        "and the cross-cutting goals. Set it up in one of two ways."
    ),
    "admin.first_run_start": (
        "*1. Start here in Slack*\n"
        "Become Tværs's first administrator and create areas, units, goals and people right "
        "here in App Home."
    ),
    "admin.first_run_file": (
        "*2. Or import a file* – when there are many units and people at once\n"
        "Describe the organisation in a YAML file (start from `examples/org.yaml`) and run "
        "`python -m bot import-org org.yaml` on the server. People can be given by Slack id or "
        "e-mail. `python -m bot export-org` later writes the current organisation back in the "
        "same format."
    ),
    "admin.first_run_claim": "Start here",
    "admin.first_run_ask": (
        "Only an admin or owner of the Slack workspace can start the set-up here. "
        "Ask them to open Tværs."
    ),
    "admin.first_run_after": (
        "Once the organisation exists, this page shows your own items, the week's questions "
        "and the goals."
    ),
    # -- the admin section
    "admin.title": "Administration",
    "admin.checklist": ":clipboard: *Still needed for Tværs to do its job:* {missing}.",
    "admin.missing_units": "units",
    "admin.missing_digest": "the directors' channel",
    "admin.missing_goals": "cross-cutting goals",
    "admin.missing_managers": "managers",
    "admin.settings_title": "Settings",
    "admin.days_title": "Working days",
    "admin.days_rule": (
        "Tværs writes to people on working days only: not at weekends, on public holidays, "
        "24 Dec, 31 Dec, Constitution Day or the Friday after Ascension. What falls on a closed "
        "day comes on the next working day."
    ),
    "admin.days_may_open": "1 May is a working day.",
    "admin.days_may_closed": "1 May is closed.",
    "admin.days_own": "Own closing days: {days}",
    "admin.days_own_none": "Own closing days: none",
    "admin.days_button": "Closing days",
    "admin.days_modal_title": "Closing days",
    "admin.days_list_empty": "No closing days of your own yet.",
    "admin.days_remove": "Remove",
    "admin.days_new": "*Add a closing day* (e.g. a Christmas closure 23 Dec – 2 Jan)",
    "admin.days_start": "From",
    "admin.days_end": "To (empty: one day only)",
    "admin.days_name": "Name",
    "admin.days_name_hint": "E.g. Christmas closure",
    "admin.days_may": "1 May",
    "admin.days_may_option": "Close on 1 May",
    "admin.err_closure_start": "Choose the first closing day.",
    "admin.err_closure_order": "The last day cannot come before the first.",
    "admin.err_closure_long": "At most {limit} days in a row.",
    "admin.first_digest": "The first monthly digest comes on {date}.",
    "admin.first_digest_no_data": (
        "The first monthly digest comes on the first working day of the month after something "
        "is logged in Tværs."
    ),
    "admin.settings_channels": "Directors' channel: {digest} · Cross-unit threads: {cross}",
    "admin.settings_prompt": "Weekly questions: {day} at {time} · one reminder after {days}",
    "admin.settings_privacy": "Anonymity threshold: {threshold} · Language: {language}",
    "admin.status_title": "Status",
    "admin.job_never": ":white_circle: {job} has not run yet",
    "admin.job_running": ":hourglass_flowing_sand: {job} is running (started {when})",
    "admin.job_stuck": ":warning: {job} started {when} and never reported back – check the clock process",
    "admin.job_ok": ":white_check_mark: {job} {when}: {summary}",
    "admin.job_failed": ":x: {job} failed {when} ({summary}); last completed: {last_ok}",
    "admin.status_waiting": (
        ":inbox_tray: Open items waiting for an administrator – from people with no unit: "
        "{unknown} (choose the person above and give them a unit) · with no unit at all: {no_units}"
    ),
    "admin.status_nothing_waiting": ":inbox_tray: No items are waiting for an administrator.",
    "admin.status_socket_up": ":electric_plug: Connected to Slack (Socket Mode); the connection is from {when}",
    "admin.status_socket_down": ":warning: Not connected to Slack (Socket Mode) right now; last connected {when}",
    "admin.status_prompts": (
        ":speech_balloon: Weekly questions, week {week}: sent {sent} · failed {failed} · "
        "on their way {pending} · answered {answered}"
    ),
    "admin.status_no_prompts": ":speech_balloon: Weekly questions, week {week}: none sent yet.",
    "admin.status_channel_broken": ":warning: Tværs cannot post in {channel} ({uses}): {problem}",
    "admin.status_channels_ok": ":white_check_mark: Tværs can post in every chosen channel ({count}).",
    "admin.status_channels_unchecked": ":grey_question: Channels not checked yet: {count} (within 6 hours).",
    "admin.problem.channel_not_found": "the channel does not exist, or it is private and Tværs was not invited",
    "admin.problem.is_archived": "the channel is archived – choose another",
    "admin.problem.not_in_channel": "Tværs is not in the channel – type `/invite @Tværs` there",
    "admin.problem.missing_scope": "the app lacks the permission to see the channel – reinstall it from the manifest",
    "admin.problem.other": "Slack answered with an error",
    "admin.use_digest": "directors' digest",
    "admin.use_cross_unit": "cross-unit threads",
    "admin.use_area": "digest for {area}",
    "admin.audit_title": "Change log",
    "admin.audit_all": "Whole log",
    "admin.audit_empty": "No changes yet.",
    "admin.audit_limit": "The latest {count} changes, newest first.",
    "admin.audit_limit_one": "The latest change.",
    "admin.sync_actor": ":busts_in_silhouette: The sync",
    "admin.field.digest_channel": "the directors' channel",
    "admin.field.cross_unit_channel": "the cross-unit channel",
    "admin.field.prompt_weekday": "the weekly questions' day",
    "admin.field.prompt_time": "the weekly questions' time",
    "admin.field.reminder_days": "days before the reminder",
    "admin.field.may_day_closed": "1 May closed",
    "admin.field.anonymity_threshold": "the anonymity threshold",
    "admin.field.decision_reminder_days": "days before the reminder to top management",
    "admin.field.language": "the language",
    "admin.field.role": "the role",
    "admin.field.usergroup": "the user group",
    "admin.field.name": "the name",
    "admin.field.measure_unit": "the unit of measure",
    "admin.field.higher_is_better": "the direction",
    "admin.field.target": "the target",
    # -- the audit log
    "audit.settings.changed": "changed {field}: {before} → {after}",
    "audit.area.added": "added the area {subject}",
    "audit.closing_day.added": "added the closing day {subject} ({after})",
    "audit.closing_day.removed": "removed the closing day {subject} ({before})",
    "audit.area.reactivated": "restored the area {subject}",
    "audit.area.renamed": "renamed the area {before} to {subject}",
    "audit.area.channel": "set the digest channel of {subject}: {before} → {after}",
    "audit.area.merged": "merged the area {subject} into {after}",
    "audit.area.retired": "retired the area {subject}",
    "audit.unit.added": "added the unit {subject} (area: {after})",
    "audit.unit.reactivated": "restored the unit {subject}",
    "audit.unit.renamed": "renamed the unit {before} to {subject}",
    "audit.unit.area": "moved the unit {subject}: {before} → {after}",
    "audit.unit.usergroup": "linked the unit {subject} to a user group: {before} → {after}",
    "audit.unit.merged": "merged the unit {subject} into {after}",
    "audit.unit.retired": "retired the unit {subject}",
    "audit.person.added": "added {subject} as {after}",
    "audit.person.unit": "set the unit of {subject}: {before} → {after}",
    "audit.person.role": "changed the role of {subject}: {before} → {after}",
    "audit.person.deactivated": "deactivated {subject}",
    "audit.person.reactivated": "reactivated {subject}",
    "audit.person.joined_group": "put {subject} in {after} (member of the user group)",
    "audit.person.left_group": "noted that {subject} left the user group of {before}",
    "audit.person.left_deactivated": "deactivated {subject}, who left the user group of {before}",
    "audit.goal.added": "added the goal {subject}",
    "audit.goal.reactivated": "restored the goal {subject}",
    "audit.goal.renamed": "renamed the goal {before} to {subject}",
    "audit.goal.description": "changed the description of the goal {subject}",
    "audit.goal.retired": "retired the goal {subject}",
    "audit.indicator.added": "added the indicator {subject}",
    "audit.indicator.reactivated": "restored the indicator {subject}",
    "audit.indicator.changed": "changed {field} of the indicator {subject}: {before} → {after}",
    "audit.indicator.retired": "retired the indicator {subject}",
    "audit.first_admin": "started the set-up and became Tværs's first administrator",
    # -- settings modal
    "admin.channel_placeholder": "Choose a channel",
    "admin.digest_channel_label": "Directors' channel",
    "admin.digest_channel_hint": "The month's digest goes here: effect first, then what needs top management.",
    "admin.cross_channel_label": "Channel for cross-unit threads",
    "admin.cross_channel_hint": "Tværs brings together the managers of the units that share an item here.",
    "admin.weekday_label": "Weekly questions: day",
    "admin.weekday_hint": "The default for all managers; each can choose another day in App Home.",
    "admin.time_label": "Weekly questions: time",
    "admin.decision_days_label": "Reminder to top management after (days)",
    "admin.decision_days_hint": (
        "When an escalation has waited this long without a decision, the directors get one "
        "reminder."
    ),
    "admin.reminder_label": "Reminder after (days)",
    "admin.reminder_hint": "One gentle reminder to those who have not answered – never more.",
    "admin.threshold_label": "Anonymity threshold (managers)",
    "admin.threshold_hint": "Reflection figures are shown only for groups of at least this many managers; smaller groups are merged.",
    "admin.language_label": "Language",
    "admin.settings_area_hint": "An area can have its own digest channel too: choose the area under Areas and units.",
    # -- the director's section
    "admin.director_title": "Your overview: {where}",
    "admin.director_all": "the whole organisation",
    "admin.director_escalated": ":rotating_light: Needs top management ({count})",
    "admin.director_none_escalated": "Nothing has been escalated to top management right now.",
    "admin.director_escalated_on": "escalated {date}",
    "admin.director_by": "from {user}",
    "admin.director_more": "… and {count} more",
    "admin.director_month": ":calendar: The month so far (since {date})",
    "admin.director_month_text": "New – {new}\nResolved: {resolved} · escalated to top management: {escalated}",
    "admin.kind_plural.barrier": "Barriers",
    "admin.kind_plural.potential": "Potentials",
    "admin.kind_plural.dilemma": "Dilemmas",
    "admin.director_digest_hint": "The full digest, with the effect on the goals, comes on the first working day of the month in the directors' channel.",
}
