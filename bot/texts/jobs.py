"""Texts for the job summaries the admins read in App Home (jobs.summary: `job.<key>`).

The CLI and the log keep their English line; these say the same in the workspace's language.
A value named `count` picks the plural (`key` / `key_one`).
"""

DA = {
    # -- any job: why a run failed
    "job.token_unreadable": "den gemte token kan ikke læses (tjek TOKEN_ENCRYPTION_KEY)",
    "job.no_token": "ingen gemt token – installér Tværs igen",
    "job.foreign_token": "SLACK_BOT_TOKEN hører til et andet arbejdsområde",
    "job.token_refused": "Slack afviste den gemte token ({error}) – installér Tværs igen",
    "job.slack_error": "Slack svarede {error}",
    "job.crashed": "stoppede med en fejl ({error}); se loggen",
    "job.no_workspace": "Tværs er ikke installeret i noget arbejdsområde endnu",
    "job.closed_day": "{day} er ikke en arbejdsdag ({reason}); intet sendt, det sker {moved_day}",
    "job.claims_settled": "{count} tidligere forsøg afklaret",
    "job.claims_settled_one": "{count} tidligere forsøg afklaret",
    # -- prune-events, retention
    "job.pruned_events": "{count} gamle hændelses-id'er glemt",
    "job.pruned_events_one": "{count} gammelt hændelses-id glemt",
    "job.expired_items": "fritekst fjernet fra {count} punkter (ældre end {months} mdr.)",
    "job.expired_items_one": "fritekst fjernet fra {count} punkt (ældre end {months} mdr.)",
    "job.expired_reflections": "fra {count} refleksioner",
    "job.expired_reflections_one": "fra {count} refleksion",
    "job.expired_replies": "{count} svar i DM slettet",
    "job.expired_replies_one": "{count} svar i DM slettet",
    "job.purged_workspaces": "alle data slettet for {count} afinstallerede arbejdsområder",
    "job.purged_workspaces_one": "alle data slettet for {count} afinstalleret arbejdsområde",
    # -- effect-sync
    "job.no_sources": "ingen indikator hentes fra Statistikbanken",
    "job.source_failed": "indikator {indicator} ({table}) fejlede ({error})",
    "job.source_new": "indikator {indicator} ({table}): {count} nye værdier, til og med {latest}",
    "job.source_new_one": "indikator {indicator} ({table}): {count} ny værdi, for {latest}",
    "job.source_nothing_new": "indikator {indicator} ({table}): intet nyt",
    "job.source_revised": "{count} værdier rettet af Danmarks Statistik",
    "job.source_revised_one": "{count} værdi rettet af Danmarks Statistik",
    "job.source_kept": "{count} indtastede værdier beholdt",
    "job.source_kept_one": "{count} indtastet værdi beholdt",
    # -- usergroup-sync, channel-check
    "job.no_usergroups": "ingen enhed er knyttet til en brugergruppe",
    "job.usergroups_unread": "brugergrupperne blev ikke læst: Slack svarede {error}",
    "job.unit_group_gone": "{unit} ikke synkroniseret: brugergruppen er slettet eller slået fra",
    "job.unit_not_synced": "{unit} ikke synkroniseret ({error})",
    "job.units_synced": "{count} enheder synkroniseret fra brugergrupper",
    "job.units_synced_one": "{count} enhed synkroniseret fra brugergrupper",
    "job.members_joined": "{count} kommet til ({new} nye)",
    "job.members_joined_one": "{count} kommet til ({new} nye)",
    "job.members_left": "{count} gået ({deactivated} deaktiveret)",
    "job.members_left_one": "{count} gået ({deactivated} deaktiveret)",
    "job.members_in_two": "{count} personer i to synkroniserede grupper (ikke flyttet)",
    "job.members_in_two_one": "{count} person i to synkroniserede grupper (ikke flyttet)",
    "job.synced_elsewhere": "{count} arbejdsområder synkroniseret af en anden clock samtidig",
    "job.synced_elsewhere_one": "{count} arbejdsområde synkroniseret af en anden clock samtidig",
    "job.channels_checked": "{count} kanaler tjekket",
    "job.channels_checked_one": "{count} kanal tjekket",
    "job.channels_broken": "{count} kan Tværs ikke skrive i",
    "job.channels_broken_one": "{count} kan Tværs ikke skrive i",
    "job.channels_unknown": "{count} kunne ikke tjekkes nu",
    "job.channels_unknown_one": "{count} kunne ikke tjekkes nu",
    # -- weekly-prompts
    "job.prompts_sent": "{count} beskeder med ugens spørgsmål sendt",
    "job.prompts_sent_one": "{count} besked med ugens spørgsmål sendt",
    "job.prompts_refused": "{count} afviste (prøves igen)",
    "job.prompts_refused_one": "{count} afvist (prøves igen)",
    "job.prompts_unknown": "{count} uden svar fra Slack",
    "job.prompts_unknown_one": "{count} uden svar fra Slack",
    "job.prompts_lost": "{count} taget af en anden clock",
    "job.prompts_lost_one": "{count} taget af en anden clock",
    "job.prompts_waiting": "{count} venter på arbejdstid",
    "job.prompts_waiting_one": "{count} venter på arbejdstid",
    "job.prompts_paused": "{count} på pause",
    "job.prompts_paused_one": "{count} på pause",
    "job.prompts_missed": "{count} sprunget over (for sent)",
    "job.prompts_missed_one": "{count} sprunget over (for sent)",
    "job.prompts_given_up": "{count} opgivet",
    "job.prompts_given_up_one": "{count} opgivet",
    "job.reminders_sent": "{count} påmindelser sendt",
    "job.reminders_sent_one": "{count} påmindelse sendt",
    "job.zones_looked_up": "{count} tidszoner slået op",
    "job.zones_looked_up_one": "{count} tidszone slået op",
    "job.claims_unknown": "{count} tidligere forsøg uafklaret",
    "job.claims_unknown_one": "{count} tidligere forsøg uafklaret",
    "job.rate_limited": "Slack bad Tværs vente {count} gange",
    "job.rate_limited_one": "Slack bad Tværs vente {count} gang",
    "job.database_errors": "{count} databasefejl",
    "job.database_errors_one": "{count} databasefejl",
    # -- follow-notices
    "job.notices_sent": "{count} beskeder til følgere sendt",
    "job.notices_sent_one": "{count} besked til følgere sendt",
    "job.notices_refused": "{count} afviste",
    "job.notices_refused_one": "{count} afvist",
    "job.notices_unknown": "{count} uafklarede (ikke sendt igen)",
    "job.notices_unknown_one": "{count} uafklaret (ikke sendt igen)",
    "job.notices_retry": "{count} ikke sendt (sendes næste gang)",
    "job.notices_retry_one": "{count} ikke sendt (sendes næste gang)",
    # -- monthly-digest
    "job.digest_no_channel": "ingen kanal til overblikket er valgt; intet postet",
    "job.digest_nothing_yet": "intet at poste i {channel} endnu: ingen punkter og ingen spørgsmål",
    "job.digest_first_month": "intet at poste i {channel} endnu: første måned er {month}",
    "job.digest_posted": "overblikket for {month} postet i {channel}",
    "job.digest_caught_up": "hentet ind efter en mistet kørsel",
    "job.digest_with_chart": "med graf",
    "job.digest_no_chart": "ingen aktivitetsgraf: intet at tegne",
    "job.digest_chart_failed": "aktivitetsgrafen blev ikke lagt op ({error})",
    "job.digest_effect_chart_failed": "effektgrafen blev ikke lagt op ({error})",
    "job.digest_unknown": (
        "overblikket for {month} i {channel} er måske postet ({error}), og kanalen kan ikke "
        "læses; ikke prøvet igen"
    ),
    "job.digest_refused": (
        "Slack afviste overblikket for {month} i {channel} ({error}); næste kørsel prøver igen"
    ),
    "job.digest_claimed_elsewhere": (
        "overblikket for {month} i {channel} blev taget af en anden kørsel; intet postet"
    ),
    "job.digest_already": "overblikket for {month} er allerede postet i {channel}",
    "job.digest_given_up": (
        "Slack afviste overblikket for {month} i {channel} {count} gange ({error}); opgivet"
    ),
    "job.digest_given_up_one": (
        "Slack afviste overblikket for {month} i {channel} {count} gang ({error}); opgivet"
    ),
    "job.digest_maybe_posted": (
        "overblikket for {month} i {channel} kan være postet af en tidligere kørsel ({state}); "
        "intet postet for en sikkerheds skyld"
    ),
    # -- cross-unit-threads, cross-unit-follow-up
    "job.threads_opened": "{count} tråde åbnet",
    "job.threads_opened_one": "{count} tråd åbnet",
    "job.threads_grown": "{count} tråde udvidet",
    "job.threads_grown_one": "{count} tråd udvidet",
    "job.follow_ups_posted": "{count} opfølgninger postet",
    "job.follow_ups_posted_one": "{count} opfølgning postet",
    "job.follow_ups_skipped": "{count} opfølgninger sprunget over (alle punkter lukket)",
    "job.follow_ups_skipped_one": "{count} opfølgning sprunget over (alle punkter lukket)",
    "job.directors_told": "direktører fik besked om {count} eskalerede tråde",
    "job.directors_told_one": "direktører fik besked om {count} eskaleret tråd",
    "job.directors_told_items": "direktører fik besked om {count} eskalerede punkter",
    "job.directors_told_items_one": "direktører fik besked om {count} eskaleret punkt",
    "job.pairing_off": "makkerforslag slået fra",
    "job.paired": "{count} makkerpar foreslået",
    "job.paired_one": "{count} makkerpar foreslået",
    "job.weekly_run_late": "ugens kørsel ({week}) blev lavet nu (dens dag var lukket)",
    "job.no_thread_channel": (
        "{count} nye grupper fundet, intet postet: der er ingen kanal til tværgående tråde "
        "(vælg den under Indstillinger i App Home)"
    ),
    "job.no_thread_channel_one": (
        "{count} ny gruppe fundet, intet postet: der er ingen kanal til tværgående tråde "
        "(vælg den under Indstillinger i App Home)"
    ),
    "job.groups_wait": "{count} nye grupper venter: Tværs kan ikke bruge {channel} ({error})",
    "job.groups_wait_one": "{count} ny gruppe venter: Tværs kan ikke bruge {channel} ({error})",
    "job.posts_wait": "Tværs kan ikke bruge {channel} ({error}): {count} opslag venter",
    "job.posts_wait_one": "Tværs kan ikke bruge {channel} ({error}): {count} opslag venter",
    "job.thread_unknown": (
        "Slack svarede ikke på en ny tråd ({error}), og den kunne ikke findes; den postes ikke igen"
    ),
    "job.thread_refused": "en tråd kunne ikke postes ({error}); prøves næste gang",
    "job.growth_unknown": (
        "Slack svarede ikke på en note om en udvidet tråd ({error}); den postes ikke igen"
    ),
    "job.follow_up_waits": "en opfølgning venter: Tværs kan ikke bruge {channel}",
    "job.follow_up_refused": "en opfølgning kunne ikke postes ({error}); prøves næste gang",
    "job.follow_up_unknown": (
        "Slack svarede ikke på en opfølgning ({error}), og den kunne ikke findes; "
        "den postes ikke igen"
    ),
    "job.pairing_done": "makkerforslag for {month} var allerede lavet",
    "job.escalation_reminded": "direktørerne blev mindet om eskalering {id}",
    "job.decision_nudged": "ejeren af beslutning {id} fik en påmindelse",
}

EN = {
    "job.token_unreadable": "the stored token cannot be read (check TOKEN_ENCRYPTION_KEY)",
    "job.no_token": "no stored token – reinstall Tværs",
    "job.foreign_token": "SLACK_BOT_TOKEN belongs to another workspace",
    "job.token_refused": "Slack refused the stored token ({error}) – reinstall Tværs",
    "job.slack_error": "Slack answered {error}",
    "job.crashed": "stopped with an error ({error}); see the log",
    "job.no_workspace": "Tværs is not installed in any workspace yet",
    "job.closed_day": (
        "{day} is not a working day ({reason}); nothing sent, that happens on {moved_day}"
    ),
    "job.claims_settled": "{count} earlier attempts settled",
    "job.claims_settled_one": "{count} earlier attempt settled",
    "job.pruned_events": "{count} old event ids forgotten",
    "job.pruned_events_one": "{count} old event id forgotten",
    "job.expired_items": "free text removed from {count} items (older than {months} months)",
    "job.expired_items_one": "free text removed from {count} item (older than {months} months)",
    "job.expired_reflections": "from {count} reflections",
    "job.expired_reflections_one": "from {count} reflection",
    "job.expired_replies": "{count} DM replies deleted",
    "job.expired_replies_one": "{count} DM reply deleted",
    "job.purged_workspaces": "all data deleted for {count} uninstalled workspaces",
    "job.purged_workspaces_one": "all data deleted for {count} uninstalled workspace",
    "job.no_sources": "no indicator is fed from Statistikbanken",
    "job.source_failed": "indicator {indicator} ({table}) failed ({error})",
    "job.source_new": "indicator {indicator} ({table}): {count} new values, up to {latest}",
    "job.source_new_one": "indicator {indicator} ({table}): {count} new value, for {latest}",
    "job.source_nothing_new": "indicator {indicator} ({table}): nothing new",
    "job.source_revised": "{count} values revised by Statistics Denmark",
    "job.source_revised_one": "{count} value revised by Statistics Denmark",
    "job.source_kept": "{count} values typed in by hand kept",
    "job.source_kept_one": "{count} value typed in by hand kept",
    "job.no_usergroups": "no unit is mapped to a user group",
    "job.usergroups_unread": "user groups not read: Slack answered {error}",
    "job.unit_group_gone": "{unit} not synced: its user group is gone or disabled",
    "job.unit_not_synced": "{unit} not synced ({error})",
    "job.units_synced": "{count} units synced from user groups",
    "job.units_synced_one": "{count} unit synced from user groups",
    "job.members_joined": "{count} joined ({new} new)",
    "job.members_joined_one": "{count} joined ({new} new)",
    "job.members_left": "{count} left ({deactivated} deactivated)",
    "job.members_left_one": "{count} left ({deactivated} deactivated)",
    "job.members_in_two": "{count} people in two synced groups (not moved)",
    "job.members_in_two_one": "{count} person in two synced groups (not moved)",
    "job.synced_elsewhere": "{count} workspaces synced by another clock at the same moment",
    "job.synced_elsewhere_one": "{count} workspace synced by another clock at the same moment",
    "job.channels_checked": "{count} channels checked",
    "job.channels_checked_one": "{count} channel checked",
    "job.channels_broken": "{count} Tværs cannot post in",
    "job.channels_broken_one": "{count} Tværs cannot post in",
    "job.channels_unknown": "{count} could not be checked now",
    "job.channels_unknown_one": "{count} could not be checked now",
    "job.prompts_sent": "{count} weekly prompts sent",
    "job.prompts_sent_one": "{count} weekly prompt sent",
    "job.prompts_refused": "{count} refused (tried again)",
    "job.prompts_refused_one": "{count} refused (tried again)",
    "job.prompts_unknown": "{count} without an answer from Slack",
    "job.prompts_unknown_one": "{count} without an answer from Slack",
    "job.prompts_lost": "{count} taken by another clock",
    "job.prompts_lost_one": "{count} taken by another clock",
    "job.prompts_waiting": "{count} waiting for working hours",
    "job.prompts_waiting_one": "{count} waiting for working hours",
    "job.prompts_paused": "{count} paused",
    "job.prompts_paused_one": "{count} paused",
    "job.prompts_missed": "{count} skipped (too late)",
    "job.prompts_missed_one": "{count} skipped (too late)",
    "job.prompts_given_up": "{count} given up",
    "job.prompts_given_up_one": "{count} given up",
    "job.reminders_sent": "{count} reminders sent",
    "job.reminders_sent_one": "{count} reminder sent",
    "job.zones_looked_up": "{count} time zones looked up",
    "job.zones_looked_up_one": "{count} time zone looked up",
    "job.claims_unknown": "{count} earlier attempts left unknown",
    "job.claims_unknown_one": "{count} earlier attempt left unknown",
    "job.rate_limited": "Slack asked Tværs to wait {count} times",
    "job.rate_limited_one": "Slack asked Tværs to wait {count} time",
    "job.database_errors": "{count} database errors",
    "job.database_errors_one": "{count} database error",
    "job.notices_sent": "{count} notices to followers sent",
    "job.notices_sent_one": "{count} notice to followers sent",
    "job.notices_refused": "{count} refused",
    "job.notices_refused_one": "{count} refused",
    "job.notices_unknown": "{count} unknown (not sent again)",
    "job.notices_unknown_one": "{count} unknown (not sent again)",
    "job.notices_retry": "{count} not sent (sent next run)",
    "job.notices_retry_one": "{count} not sent (sent next run)",
    "job.digest_no_channel": "no channel is set for the digest; nothing posted",
    "job.digest_nothing_yet": "nothing to post in {channel} yet: no items and no prompts",
    "job.digest_first_month": "nothing to post in {channel} yet: the first month is {month}",
    "job.digest_posted": "the digest for {month} posted in {channel}",
    "job.digest_caught_up": "caught up after a missed run",
    "job.digest_with_chart": "with its chart",
    "job.digest_no_chart": "no activity chart: nothing to draw",
    "job.digest_chart_failed": "the activity chart was not uploaded ({error})",
    "job.digest_effect_chart_failed": "the effect chart was not uploaded ({error})",
    "job.digest_unknown": (
        "the digest for {month} in {channel} may have been posted ({error}) and the channel "
        "cannot be read; not tried again"
    ),
    "job.digest_refused": (
        "Slack refused the digest for {month} in {channel} ({error}); the next run tries again"
    ),
    "job.digest_claimed_elsewhere": (
        "the digest for {month} in {channel} was taken by another run; nothing posted"
    ),
    "job.digest_already": "the digest for {month} was already posted in {channel}",
    "job.digest_given_up": (
        "Slack refused the digest for {month} in {channel} {count} times ({error}); given up"
    ),
    "job.digest_given_up_one": (
        "Slack refused the digest for {month} in {channel} {count} time ({error}); given up"
    ),
    "job.digest_maybe_posted": (
        "the digest for {month} in {channel} may have been posted by an earlier run ({state}); "
        "nothing posted, to be safe"
    ),
    "job.threads_opened": "{count} threads opened",
    "job.threads_opened_one": "{count} thread opened",
    "job.threads_grown": "{count} threads grown",
    "job.threads_grown_one": "{count} thread grown",
    "job.follow_ups_posted": "{count} follow-ups posted",
    "job.follow_ups_posted_one": "{count} follow-up posted",
    "job.follow_ups_skipped": "{count} follow-ups skipped (every item closed)",
    "job.follow_ups_skipped_one": "{count} follow-up skipped (every item closed)",
    "job.directors_told": "directors told about {count} escalated threads",
    "job.directors_told_one": "directors told about {count} escalated thread",
    "job.directors_told_items": "directors told about {count} escalated items",
    "job.directors_told_items_one": "directors told about {count} escalated item",
    "job.pairing_off": "pairing off",
    "job.paired": "{count} pairs suggested",
    "job.paired_one": "{count} pair suggested",
    "job.weekly_run_late": "the weekly run ({week}) was done now (its day was closed)",
    "job.no_thread_channel": (
        "{count} new groups found, nothing posted: no channel is set for cross-unit threads "
        "(choose it under Settings in App Home)"
    ),
    "job.no_thread_channel_one": (
        "{count} new group found, nothing posted: no channel is set for cross-unit threads "
        "(choose it under Settings in App Home)"
    ),
    "job.groups_wait": "{count} new groups wait: Tværs cannot use {channel} ({error})",
    "job.groups_wait_one": "{count} new group waits: Tværs cannot use {channel} ({error})",
    "job.posts_wait": "Tværs cannot use {channel} ({error}): {count} posts wait",
    "job.posts_wait_one": "Tværs cannot use {channel} ({error}): {count} post waits",
    "job.thread_unknown": (
        "Slack gave no answer for a new thread ({error}) and it could not be found; "
        "it is not posted again"
    ),
    "job.thread_refused": "a thread could not be posted ({error}); tried next run",
    "job.growth_unknown": (
        "Slack gave no answer for a note on a grown thread ({error}); it is not posted again"
    ),
    "job.follow_up_waits": "a follow-up waits: Tværs cannot use {channel}",
    "job.follow_up_refused": "a follow-up could not be posted ({error}); tried next run",
    "job.follow_up_unknown": (
        "Slack gave no answer for a follow-up ({error}) and it could not be found; "
        "it is not posted again"
    ),
    "job.pairing_done": "pairing for {month} was done already",
    "job.escalation_reminded": "the directors were reminded of escalation {id}",
    "job.decision_nudged": "the owner of decision {id} was nudged",
}
