"""Texts for the weekly reflection: the prompt, the reminder, the modal, App Home, refusals."""

DA = {
    "reflection.fallback": "Ugens refleksion (uge {week}): tre korte spørgsmål fra Tværs",
    "reflection.greeting": (
        "Hej {name} :wave:\nHer er ugens refleksion (uge {week}). Tre korte spørgsmål – svar på "
        "det, du har lyst til, og spring resten over."
    ),
    "reflection.greeting_anonymous": (
        "Hej :wave:\nHer er ugens refleksion (uge {week}). Tre korte spørgsmål – svar på det, du "
        "har lyst til, og spring resten over."
    ),
    "reflection.q1": "Hvor ser du et særligt behov for en tværgående løsning?",
    "reflection.q2": "Hvilke barrierer ser du?",
    "reflection.q3": "Hvad kan du gøre for at hjælpe løsningen på vej?",
    "reflection.shareable_label": "Direktionens overblik",
    "reflection.shareable_option": "Mit svar må citeres uden mit navn i direktionens månedlige overblik",
    "reflection.how": (
        "Tryk *Svar*, eller skriv bare her – i tråden eller direkte i beskeden. Tværs sætter et "
        ":white_check_mark: når dit svar er gemt. Skriv aldrig CPR-numre."
    ),
    "reflection.answered": ":white_check_mark: *Tak – dit svar for uge {week} er gemt.*",
    "reflection.replies_saved": "De {count} beskeder, du har skrevet her, er gemt som en del af svaret.",
    "reflection.replies_saved_one": "Beskeden, du har skrevet her, er gemt som en del af svaret.",
    "reflection.skipped": "Du har sprunget uge {week} over. Det er helt i orden – vi ses næste uge.",
    "reflection.paused_until": (
        ":double_vertical_bar: Refleksionen er på pause. Tværs skriver igen {when}."
    ),
    "reflection.paused_forever": (
        ":double_vertical_bar: Refleksionen er på pause, indtil du genoptager den."
    ),
    "reflection.button_answer": "Svar",
    "reflection.button_edit": "Redigér svar",
    "reflection.button_skip": "Spring over denne uge",
    "reflection.button_resume": "Genoptag",
    "reflection.button_barrier": "Gem som barriere",
    "reflection.pause_placeholder": "Pause …",
    "reflection.pause_2": "Pause i 2 uger",
    "reflection.pause_4": "Pause i 4 uger",
    "reflection.pause_until": "Pause, til jeg genoptager",
    "reflection.pause_date": "Pause til en dato …",
    "reflection.paused_to": (
        ":double_vertical_bar: Refleksionen er på pause til {day}. Tværs skriver igen {when}."
    ),
    "reflection.err_pause_past": "Vælg en dag efter i dag – pausen kan ikke slutte i dag eller før.",
    "reflection.err_pause_far": "En pause kan højst vare et år. Vælg en dag til og med {latest}.",
    "reflection.reminder": (
        "Lille påmindelse :seedling: Ugens tre spørgsmål venter stadig, hvis du har et øjeblik. "
        "Svar her i tråden eller med knappen. Har du ikke tid denne uge, er det helt i orden at "
        "springe over."
    ),
    "reflection.reminder_fallback": "Lille påmindelse: ugens refleksion venter stadig",
    "reflection.modal_title": "Ugens refleksion",
    "reflection.modal_submit": "Gem",
    "reflection.modal_close": "Luk",
    "reflection.modal_intro": (
        "Uge {week} · Svar på det, du har lyst til – mindst ét felt. Skriv ikke CPR-numre."
    ),
    "reflection.modal_replies": (
        "Du har også skrevet {count} beskeder i samtalen; de er gemt som en del af svaret."
    ),
    "reflection.modal_replies_one": (
        "Du har også skrevet en besked i samtalen; den er gemt som en del af svaret."
    ),
    "reflection.err_empty": "Skriv mindst ét svar – eller luk og spring ugen over.",
    "reflection.err_too_long": "Svaret er {count} tegn; der er plads til {limit}.",
    "reflection.err_cpr": (
        "Feltet ser ud til at indeholde et CPR-nummer. Fjern det, så gemmer Tværs svaret."
    ),
    "reflection.err_not_yours": "Det er ikke din refleksion.",
    "reflection.err_gone": "Den refleksion findes ikke længere.",
    "reflection.err_choice": "Det valg kender Tværs ikke.",
    "reflection.dm_cpr": (
        ":no_entry: Din besked er *ikke* gemt: den ser ud til at indeholde et CPR-nummer. "
        "Ret beskeden og fjern nummeret, så gemmer Tværs den."
    ),
    "reflection.dm_too_long": (
        ":no_entry: Din besked er *ikke* gemt: den er {count} tegn, og der er plads til {limit}. "
        "Beskeden står her i samtalen endnu; del den op i flere beskeder, så gemmer Tværs dem."
    ),
    "reflection.dm_no_prompt": (
        "Tak for din besked. Her i samtalen gemmer Tværs svar på den ugentlige refleksion, men du "
        "har ingen endnu. Vil du notere en barriere, så brug `/barriere`."
    ),
    "reflection.home_title": "Ugentlig refleksion",
    "reflection.home_next": "Næste refleksion: *{when}*.",
    "reflection.home_pending": "Ugens refleksion er på vej og kommer i løbet af arbejdsdagen.",
    "reflection.home_paused_until": (
        ":double_vertical_bar: På pause. Tværs skriver igen *{when}*."
    ),
    "reflection.home_paused_forever": ":double_vertical_bar: På pause, indtil du genoptager.",
    "reflection.home_paused_to": (
        ":double_vertical_bar: Pause til {day}. Tværs skriver igen *{when}*."
    ),
    "reflection.home_none": "Der er ingen refleksion planlagt.",
    "reflection.home_hint": (
        "Dag og tidspunkt gælder i din egen tidszone ({zone}). Falder dagen på en helligdag "
        "eller en lukkedag, kommer refleksionen næste arbejdsdag."
    ),
    "reflection.home_reset": "Brug fællesindstillingen",
    "reflection.home_recent": "*Dine seneste svar*",
    "reflection.home_recent_none": "Du har ikke svaret på en refleksion endnu.",
    "reflection.home_week": "Uge {week}",
    "reflection.home_day_placeholder": "Ugedag",
    "reflection.home_time_placeholder": "Tidspunkt",
    "reflection.weekday_0": "mandag",
    "reflection.weekday_1": "tirsdag",
    "reflection.weekday_2": "onsdag",
    "reflection.weekday_3": "torsdag",
    "reflection.weekday_4": "fredag",
    "reflection.weekday_5": "lørdag",
    "reflection.weekday_6": "søndag",
    "reflection.day_choice": "Hver {day}",
    "reflection.time_choice": "kl. {time}",
    "reflection.moment": "{weekday} {day}. {month} kl. {time}",
    "reflection.month_1": "januar",
    "reflection.month_2": "februar",
    "reflection.month_3": "marts",
    "reflection.month_4": "april",
    "reflection.month_5": "maj",
    "reflection.month_6": "juni",
    "reflection.month_7": "juli",
    "reflection.month_8": "august",
    "reflection.month_9": "september",
    "reflection.month_10": "oktober",
    "reflection.month_11": "november",
    "reflection.month_12": "december",
}

EN = {
    "reflection.fallback": "The week's reflection (week {week}): three short questions from Tværs",
    "reflection.greeting": (
        "Hi {name} :wave:\nHere is the week's reflection (week {week}). Three short questions – "
        "answer what you like and skip the rest."
    ),
    "reflection.greeting_anonymous": (
        "Hi :wave:\nHere is the week's reflection (week {week}). Three short questions – answer "
        "what you like and skip the rest."
    ),
    "reflection.q1": "Where do you see a particular need for a cross-cutting solution?",
    "reflection.q2": "Which barriers do you see?",
    "reflection.q3": "What can you do to help the solution along?",
    "reflection.shareable_label": "Top management's digest",
    "reflection.shareable_option": "My answer may be quoted, without my name, in top management's monthly digest",
    "reflection.how": (
        "Press *Answer*, or simply write here – in the thread or straight in this conversation. "
        "Tværs adds a :white_check_mark: when your answer is saved. Never write CPR numbers."
    ),
    "reflection.answered": ":white_check_mark: *Thank you – your answer for week {week} is saved.*",
    "reflection.replies_saved": "The {count} messages you wrote here are saved as part of the answer.",
    "reflection.replies_saved_one": "The message you wrote here is saved as part of the answer.",
    "reflection.skipped": "You skipped week {week}. That is perfectly fine – see you next week.",
    "reflection.paused_until": (
        ":double_vertical_bar: The reflection is paused. Tværs writes again {when}."
    ),
    "reflection.paused_forever": (
        ":double_vertical_bar: The reflection is paused until you resume it."
    ),
    "reflection.button_answer": "Answer",
    "reflection.button_edit": "Edit answer",
    "reflection.button_skip": "Skip this week",
    "reflection.button_resume": "Resume",
    "reflection.button_barrier": "Save as barrier",
    "reflection.pause_placeholder": "Pause …",
    "reflection.pause_2": "Pause for 2 weeks",
    "reflection.pause_4": "Pause for 4 weeks",
    "reflection.pause_until": "Pause until I resume",
    "reflection.pause_date": "Pause until a date …",
    "reflection.paused_to": (
        ":double_vertical_bar: The reflection is paused until {day}. Tværs writes again {when}."
    ),
    "reflection.err_pause_past": "Choose a day after today – a pause cannot end today or earlier.",
    "reflection.err_pause_far": "A pause can last a year at most. Choose a day up to {latest}.",
    "reflection.reminder": (
        "A gentle reminder :seedling: The week's three questions are still waiting, if you have "
        "a moment. Answer here in the thread or with the button. If there is no time this week, "
        "skipping is perfectly fine."
    ),
    "reflection.reminder_fallback": "A gentle reminder: the week's reflection is still waiting",
    "reflection.modal_title": "The week's reflection",
    "reflection.modal_submit": "Save",
    "reflection.modal_close": "Close",
    "reflection.modal_intro": (
        "Week {week} · Answer what you like – at least one field. Do not write CPR numbers."
    ),
    "reflection.modal_replies": (
        "You also wrote {count} messages in this conversation; they are saved as part of the answer."
    ),
    "reflection.modal_replies_one": (
        "You also wrote a message in this conversation; it is saved as part of the answer."
    ),
    "reflection.err_empty": "Write at least one answer – or close and skip the week.",
    "reflection.err_too_long": "The answer is {count} characters; there is room for {limit}.",
    "reflection.err_cpr": (
        "The field seems to contain a CPR number. Remove it and Tværs saves the answer."
    ),
    "reflection.err_not_yours": "That is not your reflection.",
    "reflection.err_gone": "That reflection no longer exists.",
    "reflection.err_choice": "Tværs does not know that choice.",
    "reflection.dm_cpr": (
        ":no_entry: Your message was *not* saved: it seems to contain a CPR number. Edit the "
        "message and remove the number, and Tværs saves it."
    ),
    "reflection.dm_too_long": (
        ":no_entry: Your message was *not* saved: it is {count} characters and there is room "
        "for {limit}. It is still here in our conversation; split it into several messages "
        "and Tværs saves them."
    ),
    "reflection.dm_no_prompt": (
        "Thank you for your message. Here in this conversation Tværs saves answers to the weekly "
        "reflection, but you have none yet. To note a barrier, use `/barriere`."
    ),
    "reflection.home_title": "Weekly reflection",
    "reflection.home_next": "Next reflection: *{when}*.",
    "reflection.home_pending": "This week's reflection is on its way and arrives during the working day.",
    "reflection.home_paused_until": (":double_vertical_bar: Paused. Tværs writes again *{when}*."),
    "reflection.home_paused_forever": ":double_vertical_bar: Paused until you resume.",
    "reflection.home_paused_to": (
        ":double_vertical_bar: Paused until {day}. Tværs writes again *{when}*."
    ),
    "reflection.home_none": "No reflection is planned.",
    "reflection.home_hint": (
        "Day and time are in your own time zone ({zone}). When the day is a public holiday or a "
        "closing day, the reflection comes on the next working day."
    ),
    "reflection.home_reset": "Use the shared setting",
    "reflection.home_recent": "*Your latest answers*",
    "reflection.home_recent_none": "You have not answered a reflection yet.",
    "reflection.home_week": "Week {week}",
    "reflection.home_day_placeholder": "Weekday",
    "reflection.home_time_placeholder": "Time",
    "reflection.weekday_0": "Monday",
    "reflection.weekday_1": "Tuesday",
    "reflection.weekday_2": "Wednesday",
    "reflection.weekday_3": "Thursday",
    "reflection.weekday_4": "Friday",
    "reflection.weekday_5": "Saturday",
    "reflection.weekday_6": "Sunday",
    "reflection.day_choice": "Every {day}",
    "reflection.time_choice": "at {time}",
    "reflection.moment": "{weekday} {day} {month} at {time}",
    "reflection.month_1": "January",
    "reflection.month_2": "February",
    "reflection.month_3": "March",
    "reflection.month_4": "April",
    "reflection.month_5": "May",
    "reflection.month_6": "June",
    "reflection.month_7": "July",
    "reflection.month_8": "August",
    "reflection.month_9": "September",
    "reflection.month_10": "October",
    "reflection.month_11": "November",
    "reflection.month_12": "December",
}
