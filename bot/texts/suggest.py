"""Texts for related items: the suggestions under a saved item, their buttons, follow notices."""

DA = {
    "suggest.title": "*Andre enheder skriver om det samme*",
    "suggest.learned_title": "*Det har andre enheder lært*",
    "suggest.together": ":handshake: I er i samme tråd i <#{channel}>.",
    "suggest.contact_anonymous": (
        "Dit punkt er anonymt, så tråden nævner dig ikke. Skriv selv i tråden i <#{channel}>, "
        "hvis du vil være med."
    ),
    "suggest.from": "fra {unit}",
    "suggest.shared": "I skriver begge om {concepts}.",
    "suggest.learned": "Løst i {unit} i {month}: »{note}«",
    "suggest.learned_nounit": "Løst i {month}: »{note}«",
    "suggest.following": ":bell: Du følger det og får besked, når det flytter sig.",
    "suggest.already_followed": "Du følger allerede punktet.",
    "suggest.dismissed": "Noteret: ikke relateret. Tværs foreslår ikke de to sammen igen.",
    "suggest.contact_opened": ":handshake: Tråden er åbnet i <#{channel}>. Tværs har nævnt de involverede i den.",
    "suggest.contact_joined": ":handshake: Dit punkt er lagt ind i tråden om det samme i <#{channel}>.",
    "suggest.contact_already": "Dit punkt er allerede med i en tråd i <#{channel}>.",
    "suggest.contact_no_channel": (
        "Der er ikke valgt en kanal til tråde på tværs endnu. Bed en administrator om at vælge "
        "den i App Home under Indstillinger."
    ),
    "suggest.contact_failed": "Tråden kunne ikke åbnes lige nu. Prøv igen om lidt.",
    "suggest.contact_closed": "Et af punkterne er ikke åbent længere, så der er ingen tråd at åbne.",
    "suggest.home_button": "Beslægtede",
    "suggest.home_line": "Beslægtet: {units}",
    "suggest.modal_title": "Beslægtede punkter",
    "suggest.modal_mine": "*Dit punkt*",
    "suggest.yours": "Dit punkt: »{text}«",
    "suggest.fallback": "Tværs har fundet beslægtede punkter i andre enheder.",
    "suggest.modal_none": "Tværs finder ikke længere beslægtede punkter i andre enheder.",
    "button.follow": "Følg",
    "button.contact": "Tag kontakt",
    "button.unrelated": "Ikke relateret",
    "button.unfollow": "Følg ikke længere",
    "suggest.unfollowed": "Du følger ikke længere punktet.",
    "suggest.notice_title": ":bell: *Et punkt, du følger, har flyttet sig*",
    "suggest.notice_status": "{kind} {origin} er nu *{status}*.",
    "suggest.notice_escalated": "{kind} {origin} er sendt videre til direktionen.",
    "suggest.notice_note": "Sådan blev det løst: »{note}«",
    "suggest.notice_fallback": "Et punkt, du følger, har flyttet sig.",
    "suggest.notice_hint": "Du får besked, fordi du trykkede *Følg* ved et beslægtet punkt.",
}

EN = {
    "suggest.title": "*Other units write about the same*",
    "suggest.learned_title": "*What other units learned*",
    "suggest.together": ":handshake: You are in the same thread in <#{channel}>.",
    "suggest.contact_anonymous": (
        "Your item is anonymous, so the thread does not mention you. Write in the thread in "
        "<#{channel}> yourself if you want to take part."
    ),
    "suggest.from": "from {unit}",
    "suggest.shared": "You both write about {concepts}.",
    "suggest.learned": "Resolved in {unit} in {month}: “{note}”",
    "suggest.learned_nounit": "Resolved in {month}: “{note}”",
    "suggest.following": ":bell: You follow it and will hear when it moves.",
    "suggest.already_followed": "You already follow the item.",
    "suggest.dismissed": "Noted: not related. Tværs will not suggest the two together again.",
    "suggest.contact_opened": ":handshake: The thread is open in <#{channel}>; Tværs mentioned the people involved.",
    "suggest.contact_joined": ":handshake: Your item was added to the thread about the same in <#{channel}>.",
    "suggest.contact_already": "Your item is already in a thread in <#{channel}>.",
    "suggest.contact_no_channel": (
        "No channel for cross-unit threads has been chosen yet. Ask an admin to choose it in "
        "App Home under Settings."
    ),
    "suggest.contact_failed": "The thread could not be opened right now. Try again shortly.",
    "suggest.contact_closed": "One of the items is no longer open, so there is no thread to open.",
    "suggest.home_button": "Related",
    "suggest.home_line": "Related: {units}",
    "suggest.modal_title": "Related items",
    "suggest.modal_mine": "*Your item*",
    "suggest.yours": "Your item: “{text}”",
    "suggest.fallback": "Tværs found related items in other units.",
    "suggest.modal_none": "Tværs no longer finds related items in other units.",
    "button.follow": "Follow",
    "button.contact": "Get in touch",
    "button.unrelated": "Not related",
    "button.unfollow": "Stop following",
    "suggest.unfollowed": "You no longer follow the item.",
    "suggest.notice_title": ":bell: *An item you follow has moved*",
    "suggest.notice_status": "{kind} {origin} is now *{status}*.",
    "suggest.notice_escalated": "{kind} {origin} was passed on to top management.",
    "suggest.notice_note": "How it was resolved: “{note}”",
    "suggest.notice_fallback": "An item you follow has moved.",
    "suggest.notice_hint": "You hear of it because you pressed *Follow* on a related item.",
}
