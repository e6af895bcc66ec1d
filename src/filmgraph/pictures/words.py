"""The pictures' own words (titles, legends, axis names) in each language they are drawn in.

Names of things (events, characters, places) come from the graph in the language asked for; only
what the drawing itself says is here. The ontology names its relations in English only, so their
Russian names are here too, keyed by the English name; one missing stays English (visibly).
"""

from __future__ import annotations

LANGS = ("en", "ru")

WORDS: dict[str, dict[str, str]] = {
    "timeline.title": {"en": "{film}: the story in story order and in screen order",
                       "ru": "{film}: события в порядке сюжета и в порядке показа"},
    "timeline.how": {"en": "Left, the order in which the film shows or tells each event; a line leads to its place "
                            "in the story's own chronology (a row each, simultaneous events share a number).",
                     "ru": "Слева: порядок, в котором фильм показывает или рассказывает события; линия ведёт к месту "
                           "события в хронологии сюжета (одновременные события имеют один номер)."},
    "timeline.screen": {"en": "on screen", "ru": "на экране"},
    "timeline.story": {"en": "in the story", "ru": "в сюжете"},
    "timeline.event": {"en": "event", "ru": "событие"},
    "timeline.place": {"en": "place", "ru": "место"},
    "timeline.shown": {"en": "shown on screen", "ru": "показано на экране"},
    "timeline.told": {"en": "told, not shown", "ru": "рассказано, не показано"},
    "timeline.told_by": {"en": "told by {who}", "ru": "рассказывает: {who}"},
    "timeline.nowhere": {"en": "(no place given)", "ru": "(место не указано)"},
    "characters.title": {"en": "{film}: the characters, their relations and the scenes they share",
                         "ru": "{film}: персонажи, их связи и общие сцены"},
    "characters.relation": {"en": "relation, read from tail to head (black: no event together)",
                            "ru": "связь, от начала стрелки к концу (чёрная: общих событий нет)"},
    "characters.shown": {"en": "events together on screen (the thicker, the more)",
                         "ru": "общие события на экране (чем толще, тем больше)"},
    "characters.told": {"en": "together only in a told story", "ru": "вместе только в рассказе"},
    "characters.count": {"en": "{n} together", "ru": "вместе: {n}"},
    "characters.alone": {"en": "in no relation and no shared event", "ru": "без связей и общих событий"},
    "places.title": {"en": "{film}: the places of the story, each inside the one containing it",
                     "ru": "{film}: места действия, каждое внутри объемлющего"},
    "places.shown": {"en": "{n} events shown here", "ru": "показано событий: {n}"},
    "places.shown_one": {"en": "1 event shown here", "ru": "показано событий: 1"},
    "places.told": {"en": "{n} events told of here", "ru": "рассказано событий: {n}"},
    "places.told_one": {"en": "1 event told of here", "ru": "рассказано событий: 1"},
    "places.filmed": {"en": "filmed in {where}", "ru": "снято: {where}"},
    "places.legend_used": {"en": "events happen here", "ru": "здесь происходят события"},
    "places.legend_around": {"en": "only contains other places", "ru": "только содержит другие места"},
}

#: Russian names of the ontology's relations between characters, by their English label.
RELATIONS: dict[str, dict[str, str]] = {
    "parent of": {"ru": "родитель"},
    "child of": {"ru": "ребёнок"},
    "spouse of": {"ru": "супруг(а)"},
    "sibling of": {"ru": "брат или сестра"},
    "mentor of": {"ru": "наставник"},
    "mentee of": {"ru": "ученик"},
    "client of": {"ru": "клиент"},
    "former superior of": {"ru": "бывший начальник"},
    "former subordinate of": {"ru": "бывший подчинённый"},
    "related to": {"ru": "связан с"},
}


def word(key: str, lang: str, **values: object) -> str:
    """The drawing's text ``key`` in ``lang`` (English if that language lacks it), filled with ``values``."""
    texts = WORDS[key]
    return texts.get(lang, texts["en"]).format(**values)


def relation(english: str, lang: str) -> str:
    """A relation's name in ``lang``: the ontology's English label, or its translation here."""
    return english if lang == "en" else RELATIONS.get(english, {}).get(lang, english)
