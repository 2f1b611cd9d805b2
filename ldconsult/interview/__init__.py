"""The interview: a cursor over a bank (``cursor``), what it and a prompter pass each other
(``protocol``), the meeting details asked first (``meeting_details``), answers files
(``answers``), the questionary prompter (``prompts``; what it prints about a question,
``question_lines``), the scripted one for tests (``scripted_prompter``), the widgets
(``widgets``; the keys that end a prompt, ``keys``; text fitted to the screen,
``screen_text``; what a typed date means, ``typed_dates``; long lists, ``long_lists``), and
the meeting-pace model (``pace``). The cursor knows no terminal; only ``prompts`` and the
widget modules do (``typed_dates`` only says a date in words).
"""
