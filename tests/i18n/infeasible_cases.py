"""Infeasible networks for the tests of the infeasibility explanation (built here, not read from files)."""

from __future__ import annotations

from mentornet.model import Competence, Curator, Direction, Locks, Network, PairLock, School

#: Long direction names, as the programmes write them.
DIRECTIONS = {
    "1": "Формирование функциональной грамотности обучающихся на уроках естественнонаучного цикла",
    "2": "Управление качеством образования: внутренняя система оценки качества образования в школе",
    "3": "Организация работы с обучающимися, испытывающими трудности в обучении и социальной адаптации",
}


def far_schools_network(far: int = 9, *, directions: int = 3) -> Network:
    """Three leaders and three hidden reserves near each other, and ``far`` hidden reserves ~330 km away.

    Every far school takes part in every direction as a hidden reserve; its
    only possible mentors (the leaders) are beyond the default 100 km, so
    no plan can involve it (hard constraint 5).
    """
    dirs = dict(list(DIRECTIONS.items())[:directions])
    schools = [School(id=f"L{i}", name=f"МБОУ «Гимназия № {i}» города Симферополя", lat=45.0 + 0.01 * i, lon=34.0,
                      municipality="Симферополь") for i in range(1, 4)]
    schools += [School(id=f"N{i}", name=f"МБОУ «Средняя школа № {10 + i}» города Симферополя", lat=45.02 + 0.01 * i, lon=34.02,
                       municipality="Симферополь") for i in range(1, 4)]
    schools += [School(id=f"F{i}", name=f"МБОУ «Основная школа № {20 + i}» села Дальнего-{i}", lat=48.0 + 0.01 * i, lon=34.0,
                       municipality="Дальний район") for i in range(1, far + 1)]
    comps = []
    for d in dirs:
        comps += [Competence(school=f"L{i}", direction=d, level="leader") for i in range(1, 4)]
        comps += [Competence(school=f"N{i}", direction=d, level="hidden_reserve") for i in range(1, 4)]
        comps += [Competence(school=f"F{i}", direction=d, level="hidden_reserve") for i in range(1, far + 1)]
    return Network(
        name="Дальний район",
        schools=tuple(schools),
        directions=tuple(Direction(id=d, name=name) for d, name in dirs.items()),
        competences=tuple(comps),
    )


def locked_network() -> Network:
    """A leader with three locked trainees in a direction whose cap is 2, and a curator over her limit."""
    schools = [School(id="L", name="МБОУ «Лицей № 1»")]
    schools += [School(id=f"H{i}", name=f"МБОУ «Школа № {i}»") for i in range(1, 4)]
    comps = [Competence(school="L", direction="1", level="leader")]
    comps += [Competence(school=f"H{i}", direction="1", level="hidden_reserve") for i in range(1, 4)]
    return Network(
        name="Закрепления",
        schools=tuple(schools),
        directions=(Direction(id="1", name=DIRECTIONS["1"], mentor_cap=2, curators=("c1",)),),
        curators=(Curator(id="c1", name="Иванова Мария Петровна", max_teams=1),),
        competences=tuple(comps),
        locks=Locks(pairs=tuple(PairLock(mentor="L", trainee=f"H{i}", direction="1") for i in range(1, 4))),
    )


def names(network: Network) -> list[str]:
    """Names and ids of the input: data, not words of the program."""
    out = [network.name]
    out += [t for s in network.schools for t in (s.id, s.name, s.label, s.municipality)]
    out += [t for d in network.directions for t in (d.id, d.name, d.label)]
    out += [t for c in network.curators for t in (c.id, c.name, c.label)]
    return [t for t in out if t]


#: Settings and options a reader types as they are (named in the Russian text as codes).
SETTINGS = ["max_km", "mentor_cap", "host_capacity", "max_trainee_directions", "max_teams", "min_gap", "--verbose", "cpsat"]
