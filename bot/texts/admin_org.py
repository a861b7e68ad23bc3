"""Texts for the organisation in the admin section: areas, units and people, their modals
and their errors."""

DA = {
    # -- errors (shown as field errors in the modals, or in a small notice)
    "admin.err_area_gone": "Området findes ikke længere – en anden har måske nedlagt det. Åbn App Home igen.",
    "admin.err_area_exists": "Der findes allerede et område, der hedder {name}. Vælg et andet navn.",
    "admin.err_merge_self": "Vælg et andet område eller en anden enhed end den, der nedlægges.",
    "admin.err_area_has_units": "Området har stadig aktive enheder ({count}). Vælg et område at flytte dem til.",
    "admin.err_unit_gone": "Enheden findes ikke længere – en anden har måske nedlagt den. Åbn App Home igen.",
    "admin.err_unit_exists": "Der findes allerede en enhed, der hedder {name}. Vælg et andet navn.",
    "admin.err_usergroup": "Vælg en af arbejdsområdets brugergrupper.",
    "admin.err_usergroup_taken": "Brugergruppen er allerede koblet til enheden {unit}. En gruppe kan kun høre til én enhed.",
    "admin.err_unit_has_people": "Der er stadig aktive personer i enheden ({count}). Vælg en enhed at flytte dem til.",
    "admin.err_person": "Vælg en person i Slack.",
    "admin.err_not_a_person": "Vælg en person – ikke en bot eller en slettet bruger.",
    "admin.err_role": "Vælg en rolle.",
    "admin.err_last_admin": "Tværs skal have mindst én aktiv administrator. Gør en anden til administrator først.",
    # -- the admin section
    "admin.org_title": "Områder og enheder (områder: {areas}, enheder: {units})",
    "admin.org_empty": "Ingen endnu. Start med et område eller en enhed.",
    "admin.org_hint": "_:busts_in_silhouette: = medlemmerne hentes fra en Slack-brugergruppe._",
    "admin.area_new": "Nyt område",
    "admin.unit_new": "Ny enhed",
    "admin.area_pick": "Redigér område…",
    "admin.unit_pick": "Redigér enhed…",
    "admin.people_title": "Personer",
    "admin.count_manager": "Ledere: {count}",
    "admin.count_director": "Direktører/chefer: {count}",
    "admin.count_admin": "Administratorer: {count}",
    "admin.count_inactive": "Deaktiverede: {count}",
    "admin.people_hint": "Vælg en person for at sætte enhed og rolle, tilføje eller deaktivere dem.",
    "admin.person_pick": "Vælg en person…",
    "admin.bulk_hint": (
        "Mange enheder og personer på én gang? Indlæs dem fra en fil på serveren med "
        "`python -m bot import-org FIL.yaml` (start fra `examples/org.yaml`)."
    ),
    # -- areas and units
    "admin.area_new_title": "Nyt område",
    "admin.area_edit_title": "Redigér område",
    "admin.area_name": "Navn",
    "admin.area_channel": "Områdets egen overbliks-kanal",
    "admin.area_channel_hint": "Valgfri: her kommer et overblik med kun områdets punkter.",
    "admin.retire_or_merge": "Nedlæg eller slå sammen…",
    "admin.area_retire_title": "Nedlæg område",
    "admin.area_retire_text": (
        "Området *{name}* nedlægges; historikken bevares. Aktive enheder i området: {count}."
    ),
    "admin.area_merge_label": "Flyt enhederne til",
    "admin.area_merge_hint": "Slår områderne sammen. Uden et valg kan kun et tomt område nedlægges.",
    "admin.confirm_label": "Bekræft",
    "admin.confirm_retire": "Ja, nedlæg – historikken bevares",
    "admin.unit_new_title": "Ny enhed",
    "admin.unit_edit_title": "Redigér enhed",
    "admin.unit_name": "Navn",
    "admin.unit_area": "Område",
    "admin.usergroup_label": "Medlemmer fra Slack-brugergruppe",
    "admin.usergroup_hint": (
        "Valgfri. Hver time sættes gruppens medlemmer i enheden; den, der forlader gruppen, "
        "deaktiveres (slettes ikke)."
    ),
    "admin.usergroups_unavailable": "Slacks brugergrupper kunne ikke hentes lige nu, så koblingen kan ikke ændres her.",
    "admin.usergroups_none": "Arbejdsområdet har ingen brugergrupper at koble enheden til.",
    "admin.unit_retire_title": "Nedlæg enhed",
    "admin.unit_retire_text": (
        "Enheden *{name}* nedlægges; historikken bevares. Aktive personer: {people} · "
        "åbne punkter: {items}."
    ),
    "admin.unit_merge_label": "Slå sammen med",
    "admin.unit_merge_hint": (
        "Personer og åbne punkter flyttes dertil. Uden et valg kan kun en enhed uden aktive "
        "personer nedlægges."
    ),
    # -- people
    "admin.person_title": "Person",
    "admin.person_unknown": "Tværs kender ikke {user} endnu. Vælg enhed og rolle, og gem for at tilføje personen.",
    "admin.person_inactive": "_Deaktiveret: får ingen spørgsmål og tæller ikke med._",
    "admin.person_waiting": ":inbox_tray: Åbne punkter fra personen, der venter på en enhed: {count}. De får den enhed, du vælger.",
    "admin.person_unit": "Enhed",
    "admin.person_role": "Rolle",
    "admin.person_role_hint": "Ledere får ugens spørgsmål; direktører ser overblikket; administratorer ser denne sektion.",
    "admin.person_active": "Status",
    "admin.person_active_option": "Aktiv i Tværs",
    "admin.person_active_hint": "Fjern fluebenet for at deaktivere personen. Intet slettes.",
}

EN = {
    # -- errors
    "admin.err_area_gone": "The area no longer exists – someone may have retired it. Open App Home again.",
    "admin.err_area_exists": "There is already an area called {name}. Choose another name.",
    "admin.err_merge_self": "Choose an area or unit other than the one being retired.",
    "admin.err_area_has_units": "The area still has active units ({count}). Choose an area to move them to.",
    "admin.err_unit_gone": "The unit no longer exists – someone may have retired it. Open App Home again.",
    "admin.err_unit_exists": "There is already a unit called {name}. Choose another name.",
    "admin.err_usergroup": "Choose one of the workspace's user groups.",
    "admin.err_usergroup_taken": "That user group is already linked to the unit {unit}. A group can belong to one unit only.",
    "admin.err_unit_has_people": "The unit still has active people ({count}). Choose a unit to move them to.",
    "admin.err_person": "Choose a person in Slack.",
    "admin.err_not_a_person": "Choose a person – not a bot or a deleted user.",
    "admin.err_role": "Choose a role.",
    "admin.err_last_admin": "Tværs needs at least one active administrator. Make someone else an administrator first.",
    # -- the admin section
    "admin.org_title": "Areas and units (areas: {areas}, units: {units})",
    "admin.org_empty": "None yet. Start with an area or a unit.",
    "admin.org_hint": "_:busts_in_silhouette: = members come from a Slack user group._",
    "admin.area_new": "New area",
    "admin.unit_new": "New unit",
    "admin.area_pick": "Edit area…",
    "admin.unit_pick": "Edit unit…",
    "admin.people_title": "People",
    "admin.count_manager": "Managers: {count}",
    "admin.count_director": "Directors: {count}",
    "admin.count_admin": "Administrators: {count}",
    "admin.count_inactive": "Deactivated: {count}",
    "admin.people_hint": "Choose a person to set their unit and role, add or deactivate them.",
    "admin.person_pick": "Choose a person…",
    "admin.bulk_hint": (
        "Many units and people at once? Import them from a file on the server with "
        "`python -m bot import-org FILE.yaml` (start from `examples/org.yaml`)."
    ),
    # -- areas and units
    "admin.area_new_title": "New area",
    "admin.area_edit_title": "Edit area",
    "admin.area_name": "Name",
    "admin.area_channel": "The area's own digest channel",
    "admin.area_channel_hint": "Optional: a digest with only the area's items goes here.",
    "admin.retire_or_merge": "Retire or merge…",
    "admin.area_retire_title": "Retire area",
    "admin.area_retire_text": (
        "The area *{name}* is retired; its history is kept. Active units in it: {count}."
    ),
    "admin.area_merge_label": "Move the units to",
    "admin.area_merge_hint": "Merges the areas. Without a choice only an empty area can be retired.",
    "admin.confirm_label": "Confirm",
    "admin.confirm_retire": "Yes, retire it – the history is kept",
    "admin.unit_new_title": "New unit",
    "admin.unit_edit_title": "Edit unit",
    "admin.unit_name": "Name",
    "admin.unit_area": "Area",
    "admin.usergroup_label": "Members from a Slack user group",
    "admin.usergroup_hint": (
        "Optional. Every hour the group's members are put in the unit; whoever leaves the group "
        "is deactivated (not deleted)."
    ),
    "admin.usergroups_unavailable": "Slack's user groups could not be fetched just now, so the link cannot be changed here.",
    "admin.usergroups_none": "The workspace has no user groups to link the unit to.",
    "admin.unit_retire_title": "Retire unit",
    "admin.unit_retire_text": (
        "The unit *{name}* is retired; its history is kept. Active people: {people} · "
        "open items: {items}."
    ),
    "admin.unit_merge_label": "Merge into",
    "admin.unit_merge_hint": (
        "People and open items move there. Without a choice only a unit with no active people "
        "can be retired."
    ),
    # -- people
    "admin.person_title": "Person",
    "admin.person_unknown": "Tværs does not know {user} yet. Choose a unit and a role and save to add them.",
    "admin.person_inactive": "_Deactivated: gets no questions and is not counted._",
    "admin.person_waiting": ":inbox_tray: Open items from this person waiting for a unit: {count}. They get the unit you choose.",
    "admin.person_unit": "Unit",
    "admin.person_role": "Role",
    "admin.person_role_hint": "Managers get the weekly questions; directors see the digest; administrators see this section.",
    "admin.person_active": "Status",
    "admin.person_active_option": "Active in Tværs",
    "admin.person_active_hint": "Untick to deactivate the person. Nothing is deleted.",
}
