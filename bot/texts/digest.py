"""Texts for the monthly digest, its chart and export, and recording effect indicator values."""

DA = {
    # -- the digest ----------------------------------------------------------------------------
    "digest.title": "Månedens overblik · {month}",
    "digest.title_so_far": "Overblik indtil nu · {month}",
    "digest.fallback": (
        "Månedens overblik for {month}: {new} nye, {resolved} løst, {needs} kræver direktionen."
    ),
    "digest.scope_all": "Hele {name}",
    "digest.scope_all_unnamed": "Hele organisationen",
    "digest.scope_area": "Kun punkter i {area}",
    "digest.so_far": "Måneden indtil nu: 1.–{day}. {month_name}",
    "digest.empty": (
        ":zzz: Der skete intet i {month}: ingen nye eller løste punkter, intet der venter på "
        "direktionen og ingen effektværdier."
    ),
    "digest.section": "*{number}. {title}*",
    "digest.effect_title": "Effekt for borgerne",
    "digest.effect_no_goals": (
        "Der er ikke sat tværgående mål endnu. En administrator kan sætte dem i App Home."
    ),
    "digest.effect_no_values": (
        "Ingen effektværdier er registreret endnu. Direktører og administratorer registrerer "
        "dem i App Home eller med `python -m bot import-effect FIL.csv`."
    ),
    "digest.effect_none": "ingen værdi registreret",
    "digest.effect_value": "*{value}*",
    "digest.effect_value_old": "*{value}* (seneste: {month})",
    "digest.effect_vs_month": "{arrow} {change} siden {month} {mark} {verdict}",
    "digest.effect_vs_year": "{arrow} {change} siden {month} {mark} {verdict}",
    "digest.effect_target_left": "{gap} fra målet på {target}",
    "digest.effect_target_met": "målet på {target} er nået",
    "digest.verdict.better": "bedre",
    "digest.verdict.worse": "dårligere",
    "digest.verdict.same": "uændret",
    "digest.needs_title": "Kræver direktionen",
    "digest.decided_title": "Besluttet i {month}",
    "digest.decided_label": "direktionens output",
    "digest.decided_line": "{person} – *{kind}* ({date})",
    "digest.needs_count": "{count} punkter",
    "digest.needs_count_one": "1 punkt",
    "digest.needs_none": ":white_check_mark: Intet venter på direktionen.",
    "digest.needs_escalated": ":rotating_light: *Eskaleret {date}*",
    "digest.needs_old": ":hourglass: *Direktionsniveau, åben i {days}*",
    "digest.needs_waited": "har ventet {days} på direktionen",
    "digest.needs_by": "fra {name}",
    "digest.needs_anonymous": "anonym",
    "digest.needs_thread": "<{url}|Se tråden>",
    "digest.more": "… og {count} mere",
    "digest.more_in_export": "… og {count} mere – hele listen er i eksporten",
    "digest.items_title": "Barrierer, potentialer og dilemmaer",
    "digest.items_new": "*Nye*\n{total}",
    "digest.items_new_split": "*Nye*\n{total} ({split})",
    "digest.items_resolved": "*Løst*\n{count}",
    "digest.items_median": "*Median til løsning*\n{days} dage",
    "digest.items_median_one": "*Median til løsning*\n1 dag",
    "digest.items_median_short": "*Median til løsning*\nunder 1 dag",
    "digest.items_median_none": "*Median til løsning*\n–",
    "digest.items_themes": "*Hyppigste temaer:* {themes}",
    "digest.items_pairs": "*Enheder, der deler flest punkter:* {pairs}",
    "digest.items_resolved_list": "*Løst – og hvad der gjorde forskellen:*",
    "digest.items_resolved_line": "• {text}\n   → _{note}_ ({units}{days})",
    "digest.days": "{days} dage",
    "digest.days_one": "1 dag",
    "digest.days_short": "under 1 dag",
    "digest.kind_count.barrier": "{count} barrierer",
    "digest.kind_count.barrier_one": "1 barriere",
    "digest.kind_count.potential": "{count} potentialer",
    "digest.kind_count.potential_one": "1 potentiale",
    "digest.kind_count.dilemma": "{count} dilemmaer",
    "digest.kind_count.dilemma_one": "1 dilemma",
    "digest.reflection_title": "Refleksion",
    "digest.reflection_hidden": (
        "Færre end {threshold} fik ugens spørgsmål i {month}, så tallene vises ikke "
        "af hensyn til anonymiteten."
    ),
    "digest.reflection_total": "*{share} af lederne svarede* ({answered} af {asked})",
    "digest.reflection_group": "• {name}: {share} ({answered} af {asked})",
    "digest.reflection_merged": "Øvrige ({areas})",
    "digest.reflection_merged_unnamed": "Øvrige",
    "digest.reflection_no_area": "uden område",
    "digest.reflection_themes": "*Svarene handlede om:* {themes}",
    "digest.reflection_quotes": "*Delt af lederne selv:*",
    "digest.reflection_note": (
        "Tal vises kun for grupper på mindst {threshold}; mindre områder er lagt "
        "sammen. Citater vises kun, når lederen har markeret svaret som delbart."
    ),
    "digest.activity_title": "Aktivitet",
    "digest.activity_label": "output – ikke effekt",
    "digest.activity_items": "{count} punkter noteret",
    "digest.activity_items_one": "1 punkt noteret",
    "digest.activity_threads": "{count} tråde på tværs åbnet",
    "digest.activity_threads_one": "1 tråd på tværs åbnet",
    "digest.activity_replies": "{count} svar i trådene",
    "digest.activity_replies_one": "1 svar i trådene",
    "digest.activity_reflections": "{count} ledere besvarede refleksionen",
    "digest.activity_reflections_one": "1 leder besvarede refleksionen",
    "digest.export_button": "Hent månedens punkter (CSV)",
    "digest.footer": "Tværs · dannet {date} · `/barriere overblik {month}` viser det igen",
    "digest.chart_comment": "Aktivitet (output) i {month}: punkter, ikke effekt",
    "digest.effect_chart_comment": "Effekt for borgerne: de seneste perioder mod målene",
    "digest.effect_chart_title": "Effekt – {month}",
    "digest.chart_title": "Tværs – {month}",
    "digest.month_1": "januar",
    "digest.month_2": "februar",
    "digest.month_3": "marts",
    "digest.month_4": "april",
    "digest.month_5": "maj",
    "digest.month_6": "juni",
    "digest.month_7": "juli",
    "digest.month_8": "august",
    "digest.month_9": "september",
    "digest.month_10": "oktober",
    "digest.month_11": "november",
    "digest.month_12": "december",
    "digest.month_year": "{month} {year}",
    # -- themes --------------------------------------------------------------------------------
    "theme.waiting": "ventetid",
    "theme.sharing": "deling af oplysninger",
    "theme.systems": "it og systemer",
    "theme.housing": "bolig",
    "theme.mental_health": "psykiatri og misbrug",
    "theme.work": "job og uddannelse",
    "theme.families": "børn og familier",
    "theme.elderly_health": "ældre og sundhed",
    "theme.coordination": "koordinering og planer",
    "theme.rules_money": "regler og økonomi",
    "theme.capacity": "kapacitet og personale",
    # -- the chart -----------------------------------------------------------------------------
    "chart.trend_title": "Aktivitet (output, ikke effekt): nye og løste punkter pr. måned, pr. mål",
    "chart.new": "nye",
    "chart.resolved": "løste",
    "chart.no_goal": "Uden mål",
    "chart.matrix_title": "Punkter, to enheder deler ({first}–{last})",
    "chart.matrix_empty": "Ingen punkter delt mellem enheder",
    "chart.alt": (
        "Aktivitet (output) for {scope}. Venstre: søjler med nye og løste punkter pr. måned fra "
        "{first} til {last}, ét panel pr. mål. {series} Højre: {matrix}"
    ),
    "chart.alt_series": "{title}: nye {new}, løste {resolved}.",
    "chart.alt_matrix": (
        "en matrix over, hvor mange punkter {units} deler; flest deler {a} og {b} ({n})."
    ),
    "chart.alt_matrix_empty": "ingen punkter er delt mellem enheder i perioden.",
    # -- on demand and export ------------------------------------------------------------------
    "digest.not_allowed": (
        "Overblikket er for direktører og administratorer. Spørg din direktør, eller se dine "
        "egne punkter med `/barriere mine`."
    ),
    "digest.err_month": (
        "Tværs forstår ikke måneden *{text}*. Skriv den som år-måned, fx `/barriere overblik {example}`."
    ),
    "digest.err_future": "{month} er ikke begyndt endnu. Prøv fx `/barriere overblik {example}`.",
    "digest.export_sent": ":inbox_tray: Eksporten for {month} ({count} punkter) ligger i din DM med Tværs.",
    "digest.export_sent_one": ":inbox_tray: Eksporten for {month} (1 punkt) ligger i din DM med Tværs.",
    "digest.export_already": ":inbox_tray: Eksporten for {month} er sendt til din DM for et øjeblik siden.",
    "digest.export_comment": (
        "Punkterne i overblikket for {month}{scope}: nye, løste og dem, der kræver direktionen "
        "({count} i alt). Anonyme punkter står uden navn."
    ),
    "digest.export_scope": " i {area}",
    "digest.export_failed": (
        ":warning: Eksporten kunne ikke sendes til din DM ({error}). Prøv igen om lidt."
    ),
    "export.id": "id",
    "export.created": "oprettet",
    "export.kind": "type",
    "export.status": "status",
    "export.level": "hvem kan flytte den",
    "export.goal": "mål",
    "export.units": "enheder",
    "export.author": "noteret af",
    "export.text": "beskrivelse",
    "export.situation": "borgerens situation",
    "export.note": "hvad gjorde forskellen",
    "export.escalated": "eskaleret",
    "export.closed": "lukket",
    "export.sections": "i overblikket som",
    "export.anonymous": "anonym",
    "export.section.new": "ny",
    "export.section.resolved": "løst",
    "export.section.needs": "kræver direktionen",
    # -- App Home: effect indicators -----------------------------------------------------------
    "effect.home_title": "Effekt: registrér månedens værdier",
    "effect.home_intro": (
        "Værdierne står øverst i månedens overblik, med udviklingen siden sidste måned og "
        "sidste år."
    ),
    "effect.home_file": (
        "Mange værdier på én gang? Indlæs dem fra en fil på serveren med "
        "`python -m bot import-effect FIL.csv`."
    ),
    "effect.home_none": "Der er ingen aktive effektindikatorer endnu; en administrator sætter mål og indikatorer.",
    "effect.home_line": "*{goal}*\n{indicator} ({unit}){target}\n{latest}",
    "effect.home_target": " · mål {target}",
    "effect.home_latest": "Seneste: {values}",
    "effect.home_no_values": "_Ingen værdier endnu_",
    "effect.home_button": "Registrér",
    "effect.modal_title": "Effektværdi",
    "effect.modal_submit": "Gem",
    "effect.modal_close": "Luk",
    "effect.modal_about": "*{goal}*\n{indicator} ({unit}){target} · {direction}",
    "effect.direction_up": "højere er bedre",
    "effect.direction_down": "lavere er bedre",
    "effect.modal_latest": "Registreret: {values}",
    "effect.month_label": "Måned",
    "effect.value_label": "Værdi",
    "effect.value_placeholder": "fx 62,5",
    "effect.value_hint": "Et tal i {unit}. Findes der allerede en værdi for måneden, erstattes den.",
    "effect.saved": ":white_check_mark: {indicator}: {value} for {month} er gemt.",
    "effect.err_month": "Vælg en måned som år-måned, fx 2026-11.",
    "effect.err_future": "Den måned er ikke begyndt endnu.",
    "effect.err_value": "Skriv et tal, fx 62,5 eller 1.200.",
    "effect.err_indicator_gone": "Indikatoren findes ikke længere (den er måske udgået). Luk og åbn App Home igen.",
    "effect.not_allowed": "Kun direktører og administratorer kan registrere effektværdier.",
}

EN = {
    # -- the digest ----------------------------------------------------------------------------
    "digest.title": "Monthly overview · {month}",
    "digest.title_so_far": "Overview so far · {month}",
    "digest.fallback": (
        "Monthly overview for {month}: {new} new, {resolved} resolved, {needs} need top management."
    ),
    "digest.scope_all": "All of {name}",
    "digest.scope_all_unnamed": "The whole organisation",
    "digest.scope_area": "Only items in {area}",
    "digest.so_far": "The month so far: {month_name} 1–{day}",
    "digest.empty": (
        ":zzz: Nothing happened in {month}: no new or resolved items, nothing waiting for top "
        "management and no effect values."
    ),
    "digest.section": "*{number}. {title}*",
    "digest.effect_title": "Effect for citizens",
    "digest.effect_no_goals": "No cross-cutting goals are set yet. An admin can set them in App Home.",
    "digest.effect_no_values": (
        "No effect values are recorded yet. Directors and admins record them in App Home or "
        "with `python -m bot import-effect FILE.csv`."
    ),
    "digest.effect_none": "no value recorded",
    "digest.effect_value": "*{value}*",
    "digest.effect_value_old": "*{value}* (latest: {month})",
    "digest.effect_vs_month": "{arrow} {change} since {month} {mark} {verdict}",
    "digest.effect_vs_year": "{arrow} {change} since {month} {mark} {verdict}",
    "digest.effect_target_left": "{gap} from the target of {target}",
    "digest.effect_target_met": "the target of {target} is met",
    "digest.verdict.better": "better",
    "digest.verdict.worse": "worse",
    "digest.verdict.same": "unchanged",
    "digest.needs_title": "Needs top management",
    "digest.decided_title": "Decided in {month}",
    "digest.decided_label": "top management's output",
    "digest.decided_line": "{person} – *{kind}* ({date})",
    "digest.needs_count": "{count} items",
    "digest.needs_count_one": "1 item",
    "digest.needs_none": ":white_check_mark: Nothing is waiting for top management.",
    "digest.needs_escalated": ":rotating_light: *Escalated {date}*",
    "digest.needs_old": ":hourglass: *Top management level, open for {days}*",
    "digest.needs_waited": "has waited {days} for top management",
    "digest.needs_by": "from {name}",
    "digest.needs_anonymous": "anonymous",
    "digest.needs_thread": "<{url}|See the thread>",
    "digest.more": "… and {count} more",
    "digest.more_in_export": "… and {count} more – the full list is in the export",
    "digest.items_title": "Barriers, potentials and dilemmas",
    "digest.items_new": "*New*\n{total}",
    "digest.items_new_split": "*New*\n{total} ({split})",
    "digest.items_resolved": "*Resolved*\n{count}",
    "digest.items_median": "*Median to resolve*\n{days} days",
    "digest.items_median_one": "*Median to resolve*\n1 day",
    "digest.items_median_short": "*Median to resolve*\nunder a day",
    "digest.items_median_none": "*Median to resolve*\n–",
    "digest.items_themes": "*Most frequent themes:* {themes}",
    "digest.items_pairs": "*Units sharing most items:* {pairs}",
    "digest.items_resolved_list": "*Resolved – and what made the difference:*",
    "digest.items_resolved_line": "• {text}\n   → _{note}_ ({units}{days})",
    "digest.days": "{days} days",
    "digest.days_one": "1 day",
    "digest.days_short": "under a day",
    "digest.kind_count.barrier": "{count} barriers",
    "digest.kind_count.barrier_one": "1 barrier",
    "digest.kind_count.potential": "{count} potentials",
    "digest.kind_count.potential_one": "1 potential",
    "digest.kind_count.dilemma": "{count} dilemmas",
    "digest.kind_count.dilemma_one": "1 dilemma",
    "digest.reflection_title": "Reflection",
    "digest.reflection_hidden": (
        "Fewer than {threshold} got the weekly questions in {month}, so no figures "
        "are shown, to keep answers anonymous."
    ),
    "digest.reflection_total": "*{share} of managers answered* ({answered} of {asked})",
    "digest.reflection_group": "• {name}: {share} ({answered} of {asked})",
    "digest.reflection_merged": "Others ({areas})",
    "digest.reflection_merged_unnamed": "Others",
    "digest.reflection_no_area": "no area",
    "digest.reflection_themes": "*The answers touched on:* {themes}",
    "digest.reflection_quotes": "*Shared by the managers themselves:*",
    "digest.reflection_note": (
        "Figures are shown only for groups of at least {threshold}; smaller areas are "
        "merged. Quotes appear only when the manager marked the answer as shareable."
    ),
    "digest.activity_title": "Activity",
    "digest.activity_label": "output – not effect",
    "digest.activity_items": "{count} items logged",
    "digest.activity_items_one": "1 item logged",
    "digest.activity_threads": "{count} cross-unit threads opened",
    "digest.activity_threads_one": "1 cross-unit thread opened",
    "digest.activity_replies": "{count} replies in the threads",
    "digest.activity_replies_one": "1 reply in the threads",
    "digest.activity_reflections": "{count} managers answered the reflection",
    "digest.activity_reflections_one": "1 manager answered the reflection",
    "digest.export_button": "Get the month's items (CSV)",
    "digest.footer": "Tværs · made {date} · `/barriere overblik {month}` shows it again",
    "digest.chart_comment": "Activity (output) in {month}: items, not effect",
    "digest.effect_chart_comment": "Effect for citizens: the latest periods against the targets",
    "digest.effect_chart_title": "Effect – {month}",
    "digest.chart_title": "Tværs – {month}",
    "digest.month_1": "January",
    "digest.month_2": "February",
    "digest.month_3": "March",
    "digest.month_4": "April",
    "digest.month_5": "May",
    "digest.month_6": "June",
    "digest.month_7": "July",
    "digest.month_8": "August",
    "digest.month_9": "September",
    "digest.month_10": "October",
    "digest.month_11": "November",
    "digest.month_12": "December",
    "digest.month_year": "{month} {year}",
    # -- themes --------------------------------------------------------------------------------
    "theme.waiting": "waiting times",
    "theme.sharing": "sharing information",
    "theme.systems": "IT and systems",
    "theme.housing": "housing",
    "theme.mental_health": "mental health and addiction",
    "theme.work": "jobs and education",
    "theme.families": "children and families",
    "theme.elderly_health": "older people and health",
    "theme.coordination": "coordination and plans",
    "theme.rules_money": "rules and money",
    "theme.capacity": "capacity and staff",
    # -- the chart -----------------------------------------------------------------------------
    "chart.trend_title": "Activity (output, not effect): new and resolved items per month, per goal",
    "chart.new": "new",
    "chart.resolved": "resolved",
    "chart.no_goal": "No goal",
    "chart.matrix_title": "Items two units share ({first}–{last})",
    "chart.matrix_empty": "No items shared between units",
    "chart.alt": (
        "Two charts for {scope}. Left: bars of new and resolved items per month from {first} "
        "to {last}, one panel per goal. {series} Right: {matrix}"
    ),
    "chart.alt_series": "{title}: new {new}, resolved {resolved}.",
    "chart.alt_matrix": ("a matrix of how many items {units} share; {a} and {b} share most ({n})."),
    "chart.alt_matrix_empty": "no items are shared between units in the period.",
    # -- on demand and export ------------------------------------------------------------------
    "digest.not_allowed": (
        "The overview is for directors and admins. Ask your director, or see your own items "
        "with `/barriere mine`."
    ),
    "digest.err_month": (
        "I do not understand the month *{text}*. Write it as year-month, e.g. "
        "`/barriere overblik {example}`."
    ),
    "digest.err_future": "{month} has not begun yet. Try e.g. `/barriere overblik {example}`.",
    "digest.export_sent": ":inbox_tray: The export for {month} ({count} items) is in your DM with Tværs.",
    "digest.export_sent_one": ":inbox_tray: The export for {month} (1 item) is in your DM with Tværs.",
    "digest.export_already": ":inbox_tray: The export for {month} was sent to your DM a moment ago.",
    "digest.export_comment": (
        "The items in the overview for {month}{scope}: new, resolved and those that need top "
        "management ({count} in all). Anonymous items have no name."
    ),
    "digest.export_scope": " in {area}",
    "digest.export_failed": (
        ":warning: The export could not be sent to your DM ({error}). Please try again shortly."
    ),
    "export.id": "id",
    "export.created": "created",
    "export.kind": "kind",
    "export.status": "status",
    "export.level": "who can move it",
    "export.goal": "goal",
    "export.units": "units",
    "export.author": "logged by",
    "export.text": "description",
    "export.situation": "citizen's situation",
    "export.note": "what made the difference",
    "export.escalated": "escalated",
    "export.closed": "closed",
    "export.sections": "in the overview as",
    "export.anonymous": "anonymous",
    "export.section.new": "new",
    "export.section.resolved": "resolved",
    "export.section.needs": "needs top management",
    # -- App Home: effect indicators -----------------------------------------------------------
    "effect.home_title": "Effect: record this month's values",
    "effect.home_intro": (
        "The values open the monthly overview, with the change since last month and last year."
    ),
    "effect.home_file": (
        "Many values at once? Import them from a file on the server with "
        "`python -m bot import-effect FILE.csv`."
    ),
    "effect.home_none": "There are no active effect indicators yet; an admin sets goals and indicators.",
    "effect.home_line": "*{goal}*\n{indicator} ({unit}){target}\n{latest}",
    "effect.home_target": " · target {target}",
    "effect.home_latest": "Latest: {values}",
    "effect.home_no_values": "_No values yet_",
    "effect.home_button": "Record",
    "effect.modal_title": "Effect value",
    "effect.modal_submit": "Save",
    "effect.modal_close": "Close",
    "effect.modal_about": "*{goal}*\n{indicator} ({unit}){target} · {direction}",
    "effect.direction_up": "higher is better",
    "effect.direction_down": "lower is better",
    "effect.modal_latest": "Recorded: {values}",
    "effect.month_label": "Month",
    "effect.value_label": "Value",
    "effect.value_placeholder": "e.g. 62.5",
    "effect.value_hint": "A number in {unit}. A value already recorded for the month is replaced.",
    "effect.saved": ":white_check_mark: {indicator}: {value} for {month} is saved.",
    "effect.err_month": "Pick a month as year-month, e.g. 2026-11.",
    "effect.err_future": "That month has not begun yet.",
    "effect.err_value": "Type a number, e.g. 62.5 or 1,200.",
    "effect.err_indicator_gone": "The indicator no longer exists (it may be retired). Close and open App Home again.",
    "effect.not_allowed": "Only directors and admins can record effect values.",
}
