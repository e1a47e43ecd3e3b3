"""The web workspace's words, in Russian (the default) and English.

One dictionary, ``STRINGS``: key → (Russian, English). :func:`t` looks a
key up and fills ``{placeholders}``; an unknown key comes back as itself
(the tests check that every key the templates use is here). Texts that the
library already writes in both languages (pair reasons, deferral reasons,
audit findings) come from the library, not from here.
"""

from __future__ import annotations

from typing import Any, Literal

from mentornet.errors import MentornetError

__all__ = ["DEFAULT_LANG", "LANGS", "METRICS", "STRINGS", "edit_text", "metric_label", "t", "t_in", "where_text"]

Lang = Literal["ru", "en"]
LANGS: tuple[str, ...] = ("ru", "en")
DEFAULT_LANG = "ru"

STRINGS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ frame
    "app.tagline": ("взаимные стажировки школ", "mutual internships between schools"),
    "nav.networks": ("Сети", "Networks"),
    "nav.plans": ("Планы", "Plans"),
    "nav.api": ("API", "API"),
    "nav.login": ("Войти", "Sign in"),
    "nav.logout": ("Выйти", "Sign out"),
    "nav.signed_in": ("вход выполнен", "signed in"),
    "nav.read_only": ("только просмотр", "read only"),
    "lang.switch": ("English", "Русский"),
    "common.back": ("Назад", "Back"),
    "common.open": ("Открыть", "Open"),
    "common.none": ("нет", "none"),
    "common.yes": ("да", "yes"),
    "common.no": ("нет", "no"),
    "common.id": ("№", "#"),
    "common.created": ("Создано", "Created"),
    "common.school": ("Школа", "School"),
    "common.schools": ("Школы", "Schools"),
    "common.direction": ("Направление", "Direction"),
    "common.directions": ("Направления", "Directions"),
    "common.curators": ("Кураторы", "Curators"),
    "common.curator": ("Куратор", "Curator"),
    "common.reason": ("Почему", "Why"),
    "common.mentor": ("Наставник", "Mentor"),
    "common.trainee": ("Стажёр", "Trainee"),
    "common.role": ("Роль", "Role"),
    "common.remove": ("Удалить", "Remove"),
    "common.add": ("Добавить", "Add"),
    "common.apply": ("Применить", "Apply"),
    "common.download": ("Скачать", "Download"),
    "common.seconds": ("с", "s"),
    "common.name": ("Название", "Name"),
    "common.year": ("Год", "Year"),
    "common.file": ("Файл", "File"),
    "common.status": ("Статус", "Status"),
    "common.solver": ("Решатель", "Solver"),
    "common.kind": ("Вид", "Kind"),
    "common.sheet": ("Лист", "Sheet"),
    "common.row": ("Строка", "Row"),
    "common.column": ("Столбец", "Column"),
    "common.problem": ("Что не так", "Problem"),
    "common.more": ("ещё {n}", "{n} more"),
    "common.write_disabled": (
        "Изменения на этом сервере требуют токена API. Войдите, чтобы загружать, планировать и утверждать.",
        "Changes on this server need the API token. Sign in to upload, plan and approve.",
    ),
    # ------------------------------------------------------------ locations of input errors
    "where.file": ("файл", "file"),
    "where.sheet": ("лист «{v}»", "sheet '{v}'"),
    "where.row": ("строка {v}", "row {v}"),
    "where.column": ("столбец «{v}»", "column '{v}'"),
    "where.field": ("поле «{v}»", "field '{v}'"),
    "where.input": ("входные данные", "input"),
    # ------------------------------------------------------------ networks
    "networks.title": ("Сети школ", "School networks"),
    "networks.lead": (
        "Загрузите сеть на год (XLSX, CSV, ZIP с CSV-таблицами, JSON) или таблицу ролей, составленную вручную, — "
        "её можно проверить на принципы программы и спланировать заново.",
        "Upload the year's network (XLSX, CSV, a ZIP of CSV tables, JSON) or a hand-made role table — "
        "audit it against the programme's principles and plan it anew.",
    ),
    "networks.upload": ("Загрузить сеть", "Upload a network"),
    "networks.file": ("Файл сети или таблицы ролей", "Network file or role table"),
    "networks.file_hint": ("до {mb} МБ; .xlsx, .csv, .zip, .json", "up to {mb} MB; .xlsx, .csv, .zip, .json"),
    "networks.name": ("Название (необязательно)", "Name (optional)"),
    "networks.year": ("Год планирования (необязательно)", "Planning year (optional)"),
    "networks.submit": ("Загрузить", "Upload"),
    "networks.too_big": ("Файл больше {mb} МБ — сервер его не примет.", "The file is larger than {mb} MB; the server will not take it."),
    "networks.example": ("Загрузить пример: Крымский район, 2021", "Load the example: Krymsky district, 2021"),
    "networks.template": ("Шаблон", "Template"),
    "networks.template_lead": (
        "Заполните шаблон: по листу на таблицу (школы, направления, кураторы, компетенции, история, политика), с инструкциями.",
        "Fill in the template: one sheet per table (schools, directions, curators, competences, history, policy), with instructions.",
    ),
    "networks.template_xlsx_ru": ("Шаблон XLSX (рус.)", "XLSX template (Russian)"),
    "networks.template_xlsx_en": ("Шаблон XLSX (англ.)", "XLSX template (English)"),
    "networks.template_csv": ("Пример таблицы ролей (CSV)", "Example role table (CSV)"),
    "networks.list": ("Загруженные сети", "Uploaded networks"),
    "networks.empty": ("Сетей пока нет. Загрузите файл или пример.", "No networks yet. Upload a file or the example."),
    "networks.errors_title": ("Файл не принят. Найдено ошибок: {n}", "The file was not accepted. Problems found: {n}"),
    "networks.errors_lead": (
        "Исправьте каждую строку в указанном месте и загрузите файл снова.",
        "Fix each one at the place shown and upload the file again.",
    ),
    "networks.uploaded": ("Сеть «{name}» загружена: {schools} школ, {directions} направлений.", "Network '{name}' uploaded: {schools} schools, {directions} directions."),
    "networks.no_file": ("Выберите файл для загрузки.", "Choose a file to upload."),
    "networks.bad_year": ("Год — число от 1900 до 2200.", "The year is a number from 1900 to 2200."),
    # ------------------------------------------------------------ one network
    "network.title": ("Сеть «{name}»", "Network '{name}'"),
    "network.summary": ("{schools} школ · {directions} направлений · {curators} кураторов", "{schools} schools · {directions} directions · {curators} curators"),
    "network.level_only": ("таблица ролей (только уровни)", "role table (levels only)"),
    "network.scores": ("компетенции с баллами", "competences with scores"),
    "network.audit": ("Аудит таблицы ролей", "Audit the role table"),
    "network.audit_short": ("аудит", "audit"),
    "network.audit_lead": (
        "Какие принципы программы нарушает таблица и какие школы никогда не наставляют.",
        "Which of the programme's principles the table breaks and which schools never mentor.",
    ),
    "network.downloads": ("Скачать сеть", "Download the network"),
    "network.plan": ("Спланировать", "Plan"),
    "network.plan_lead": (
        "Решатель распределит роли и пары наставничества; ход решения виден на полосе прогресса.",
        "The solver assigns roles and mentor pairs; the progress bar shows the solve as it runs.",
    ),
    "network.solver": ("Решатель", "Solver"),
    "network.strategy": ("Стратегия", "Strategy"),
    "network.time_limit": ("Предел времени, с", "Time limit, s"),
    "network.start": ("Запустить планирование", "Start planning"),
    "network.plans": ("Планы этой сети", "Plans of this network"),
    "network.no_plans": ("Планов пока нет.", "No plans yet."),
    "network.scenario": ("Сценарий", "Scenario"),
    "network.scenario_name": ("{solver}, {strategy}, {limit} с", "{solver}, {strategy}, {limit} s"),
    "solver.cpsat": ("CP-SAT — оптимальный, с объяснениями", "CP-SAT — optimal, explained"),
    "solver.flow": ("поток — быстрый базовый", "flow — fast baseline"),
    "solver.greedy": ("жадный — самый быстрый базовый", "greedy — fastest baseline"),
    "strategy.none": ("без предпочтения", "no preference"),
    "strategy.narrow": ("узкая специализация (сохранять наставников)", "narrow (keep last year's mentors)"),
    "strategy.wide": ("широкий диапазон (новые направления и наставники)", "wide (new directions and mentors)"),
    # ------------------------------------------------------------ audit
    "audit.title": ("Аудит таблицы «{name}»", "Audit of '{name}'"),
    "audit.lead": (
        "Таблица проверена как план, составленный вручную: роли и пределы, без пар и расстояний.",
        "The table is judged as a hand-made plan: roles and limits, no pairs or distances.",
    ),
    "audit.schools": ("школ", "schools"),
    "audit.mentoring": ("наставляют где-либо", "mentor somewhere"),
    "audit.never": ("никогда не наставляют", "never mentor"),
    "audit.needs": ("потребностей стажёров", "trainee needs"),
    "audit.coverable": ("можно покрыть в этом году", "coverable this year"),
    "audit.findings": ("Что нарушено", "Findings"),
    "audit.principle": ("Принцип", "Principle"),
    "audit.no_findings": ("Таблица не нарушает принципов программы.", "The table breaks none of the programme's principles."),
    "audit.severity.error": ("нарушение", "broken"),
    "audit.severity.warning": ("под угрозой", "at risk"),
    "audit.severity.info": ("к сведению", "note"),
    "audit.never_title": ("Школы, которые никогда не наставляют, и почему", "Schools that never mentor, and why"),
    "audit.never_none": ("Каждая школа наставляет хотя бы в одном направлении.", "Every school mentors in at least one direction."),
    "audit.levels": ("Л / П / Р", "L / P / R"),
    "audit.levels_hint": ("направлений: лидер / подающая надежды / скрытый резерв", "directions as leader / promising / hidden reserve"),
    "audit.cascade": ("Могла бы наставлять каскадом", "Could mentor by cascade"),
    "audit.by_direction": ("Направления: наставники и стажёры", "Directions: mentors and trainees"),
    "audit.leaders": ("лидеров", "leaders"),
    "audit.promising": ("подающих надежды", "promising"),
    "audit.reserves": ("скрытых резервов", "hidden reserves"),
    "audit.trainees": ("стажёров", "trainees"),
    "audit.per_leader": ("на лидера", "per leader"),
    "audit.capacity": ("лидеры вмещают", "leaders can take"),
    "audit.shortfall": ("не хватает мест у лидеров", "shortfall, leaders only"),
    "audit.shortfall_cascade": ("не хватает и с каскадом", "shortfall with cascade"),
    "audit.overloaded": ("Школы, стажирующиеся в слишком многих направлениях", "Schools learning in too many directions"),
    "audit.count_limit": ("{count} при пределе {limit}", "{count} with a limit of {limit}"),
    "audit.plan_it": ("Спланировать эту сеть заново", "Plan this network anew"),
    "kind.basic": ("ООШ", "basic"),
    "kind.secondary": ("СОШ", "secondary"),
    "kind.gymnasium": ("гимназия", "gymnasium"),
    "kind.lyceum": ("лицей", "lyceum"),
    "kind.other": ("другое", "other"),
    # ------------------------------------------------------------ job
    "job.title": ("Планирование: задание {id}", "Planning: job {id}"),
    "job.rebalance_title": ("Перебалансировка: задание {id}", "Rebalancing: job {id}"),
    "job.state.queued": ("в очереди", "queued"),
    "job.state.running": ("идёт решение", "solving"),
    "job.state.done": ("готово", "done"),
    "job.state.failed": ("не удалось", "failed"),
    "job.state.cancelled": ("остановлено", "stopped"),
    "job.incumbent": ("лучший план (цель)", "incumbent (objective)"),
    "job.bound": ("граница", "bound"),
    "job.gap": ("зазор", "gap"),
    "job.elapsed": ("прошло", "elapsed"),
    "job.solutions": ("найдено решений", "solutions found"),
    "job.cancel": ("Остановить и взять лучший найденный план", "Stop and keep the best plan so far"),
    "job.wait": (
        "Страница обновится сама, когда план будет готов.",
        "The page moves on by itself when the plan is ready.",
    ),
    "job.failed": ("План не построен", "No plan was made"),
    "job.open_plan": ("Открыть план", "Open the plan"),
    "job.back": ("К сети", "Back to the network"),
    "job.gap_hint": (
        "Зазор — насколько лучший найденный план может уступать оптимальному; 0 % — оптимум доказан.",
        "The gap is how far the best plan found may be from the optimum; 0 % means proven optimal.",
    ),
    # ------------------------------------------------------------ plan
    "plan.title": ("План {id}", "Plan {id}"),
    "plan.of": ("сеть «{name}» · сценарий «{scenario}»", "network '{name}' · scenario '{scenario}'"),
    "plan.kind.solve": ("решение", "solve"),
    "plan.kind.rebalance": ("перебалансировка", "rebalance"),
    "plan.status.draft": ("черновик", "draft"),
    "plan.status.approved": ("утверждён", "approved"),
    "plan.status.published": ("опубликован", "published"),
    "plan.status.superseded": ("заменён", "superseded"),
    "plan.supersede_confirm": ("Заменить опубликованный план {id} (он сохранится как заменённый)",
                               "Replace the published plan {id} (it is kept as superseded)"),
    "plan.superseded_note": ("План заменён опубликованным планом {id}; он сохранён без изменений.",
                             "Superseded by the published plan {id}; kept unchanged."),
    "plan.approve": ("Утвердить", "Approve"),
    "plan.publish": ("Опубликовать", "Publish"),
    "plan.unapprove": ("Вернуть в черновик", "Back to draft"),
    "plan.published_final": ("Опубликованный план окончателен и не меняется.", "A published plan is final and never changes."),
    "plan.status_changed": ("План {id}: {status}.", "Plan {id}: {status}."),
    "plan.whatif": ("Что если…", "What if…"),
    "plan.whatif_lead": (
        "Закройте школу, измените ёмкость или предел, закрепите или запретите пару — и перебалансируйте с минимальными изменениями.",
        "Close a school, change a capacity or a limit, lock or forbid a pair — then rebalance with minimal disruption.",
    ),
    "plan.downloads": ("Скачать", "Download"),
    "plan.xlsx": ("XLSX", "XLSX"),
    "plan.csv": ("CSV (zip)", "CSV (zip)"),
    "plan.json": ("plan.json", "plan.json"),
    "plan.metrics": ("Главное", "At a glance"),
    "plan.involved": ("школ вовлечено", "schools involved"),
    "plan.mentoring": ("школ наставляют", "schools mentor"),
    "plan.pairs": ("пар наставничества", "mentor pairs"),
    "plan.covered": ("потребностей покрыто", "needs covered"),
    "plan.deferred_n": ("перенесено на след. год", "deferred to next year"),
    "plan.mutual": ("взаимных обменов", "mutual exchanges"),
    "plan.check_ok": ("проверка: нарушений нет", "check: no violations"),
    "plan.check_bad": ("проверка: нарушений {n}", "check: {n} violation(s)"),
    "plan.solver_line": ("{solver}: {status}, зазор {gap}, {seconds} с", "{solver}: {status}, gap {gap}, {seconds} s"),
    "plan.whatifs": ("Сценарии «что если» от этого плана:", "What-if scenarios from this plan:"),
    "solver.status.OPTIMAL": ("оптимум доказан", "proven optimal"),
    "solver.status.FEASIBLE": ("допустимый план", "feasible plan"),
    "solver.status.HEURISTIC": ("эвристика", "heuristic"),
    "plan.changes": ("изменений относительно плана {base}: {n}", "changes against plan {base}: {n}"),
    "plan.see_diff": ("Что изменилось", "What changed"),
    "plan.table": ("Роли по направлениям", "Roles by direction"),
    "plan.table_lead": (
        "Как в таблице программы: лидеры принимают стажёров, подающие надежды учатся у лидеров и могут наставлять скрытые резервы.",
        "As in the programme's table: leaders host trainees, promising teams learn from leaders and may mentor hidden reserves.",
    ),
    "plan.col.leaders": ("Команды-лидеры", "Leaders"),
    "plan.col.promising": ("Команды, подающие надежды", "Promising teams"),
    "plan.col.reserves": ("Команды скрытых резервов", "Hidden reserves"),
    "plan.col.curator": ("Куратор", "Curator"),
    "plan.view": ("Сеть наставничества", "The mentoring network"),
    "plan.view_lead": ("Узлы — школы, стрелки — пары наставник → стажёр; фильтр по направлению внутри.", "Nodes are schools, arrows mentor → trainee pairs; filter by direction inside."),
    "plan.view_open": ("Открыть во весь экран", "Open full screen"),
    "plan.curators": ("Нагрузка кураторов", "Curator loads"),
    "plan.teams": ("Команд", "Teams"),
    "plan.max_teams": ("Предел", "Limit"),
    "plan.no_limit": ("без предела", "no limit"),
    "plan.deferred": ("Перенесённые потребности", "Deferred needs"),
    "plan.deferred_none": ("Все потребности покрыты в этом году.", "Every need is covered this year."),
    "plan.schools": ("Карточки школ", "School cards"),
    "plan.schools_lead": (
        "Роли, пары с причинами, запасные наставники; из карточки можно закрепить или запретить пару.",
        "Roles, pairs with reasons, alternate mentors; lock or forbid a pair from the card.",
    ),
    "plan.filter": ("Найти школу…", "Find a school…"),
    "plan.no_mentor_hint": ("Жёлтая черта слева — школа в этом плане никого не наставляет.", "A yellow bar on the left: the school mentors no one in this plan."),
    "plan.card_counts": ("наставляет {m} · учится {t}", "mentors {m} · learns {t}"),
    "plan.pairs_all": ("Все пары с причинами ({n})", "All pairs with reasons ({n})"),
    "plan.not_found": ("Нет такого плана", "No such plan"),
    # ------------------------------------------------------------ school card
    "school.title": ("{name}", "{name}"),
    "school.of_plan": ("карточка школы в плане {id}", "school card in plan {id}"),
    "school.back": ("К плану {id}", "Back to plan {id}"),
    "school.roles": ("Роли", "Roles"),
    "school.mentors": ("Наставляет", "Mentors"),
    "school.learns": ("Учится", "Learns"),
    "school.no_mentoring": ("В этом плане школа никого не наставляет.", "In this plan the school mentors no one."),
    "school.no_learning": ("В этом плане школа ни у кого не учится.", "In this plan the school learns from no one."),
    "school.alternates": ("Запасные наставники", "Alternate mentors"),
    "school.score": ("оценка", "score"),
    "school.deferred": ("Перенесено на следующий год", "Deferred to next year"),
    "school.lock": ("Закрепить", "Lock"),
    "school.forbid": ("Запретить", "Forbid"),
    "school.use_alt": ("Назначить", "Assign"),
    "school.lock_hint": ("закрепить пару — она останется в каждом пересчёте", "lock: the pair stays in every re-plan"),
    "school.forbid_hint": ("запретить пару — её не будет ни в одном плане", "forbid: no plan will form the pair"),
    "school.whatif": ("Что если с этой школой…", "What if for this school…"),
    "school.close": ("Закрыть школу (выходит из программы)", "Close the school (it leaves the programme)"),
    "school.close_button": ("Закрыть эту школу", "Close this school"),
    "school.capacity": ("Изменить ёмкость", "Change capacity"),
    "school.host_capacity": ("принимает команд в год", "trainee teams hosted per year"),
    "school.max_trainee_directions": ("направлений стажировки в год", "directions learnt per year"),
    "school.default": ("по умолчанию: {v}", "default: {v}"),
    "school.facts": ("{kind} · {settlement}{municipality}", "{kind} · {settlement}{municipality}"),
    "school.low": ("низкие результаты", "low results"),
    "school.high": ("высокие результаты", "high results"),
    "school.adverse": ("неблагоприятные условия", "adverse conditions"),
    "school.new": ("новая школа", "new school"),
    "school.whatif_target": (
        "Изменения попадут в сценарий «{name}».",
        "Changes go to the scenario '{name}'.",
    ),
    "school.whatif_new": (
        "Первое изменение создаст сценарий «что если» от этого плана.",
        "The first change creates a what-if scenario from this plan.",
    ),
    "settlement.urban": ("городская", "urban"),
    "settlement.rural": ("сельская", "rural"),
    # ------------------------------------------------------------ scenario (what-if)
    "scenario.title": ("Что если: {name}", "What if: {name}"),
    "scenario.base": ("Базовый план: {id}", "Base plan: {id}"),
    "scenario.no_base": ("Базового плана нет: перебалансировка недоступна, только новое решение.", "No base plan: only a fresh solve, no rebalancing."),
    "scenario.edits": ("Изменения", "Edits"),
    "scenario.no_edits": ("Изменений пока нет. Добавьте их ниже или из карточки школы.", "No edits yet. Add them below or from a school card."),
    "scenario.invalid": ("Изменение больше не применимо", "An edit no longer applies"),
    "scenario.add": ("Добавить изменение", "Add an edit"),
    "scenario.close": ("Закрыть школу", "Close a school"),
    "scenario.capacity": ("Изменить ёмкость школы", "Change a school's capacity"),
    "scenario.limit": ("Изменить предел политики", "Change a policy limit"),
    "scenario.limit_field": ("Предел", "Limit"),
    "scenario.limit_value": ("Значение (пусто — без предела)", "Value (empty — no limit)"),
    "scenario.pair": ("Закрепить или запретить пару", "Lock or forbid a pair"),
    "scenario.any_direction": ("в любом направлении (только запрет)", "any direction (forbid only)"),
    "scenario.strategy": ("Стратегия", "Strategy"),
    "scenario.rebalance": ("Перебалансировать", "Rebalance"),
    "scenario.rebalance_lead": (
        "Новый план по изменённому сценарию, сохраняющий как можно больше пар базового плана.",
        "A new plan of the edited scenario that keeps as many pairs of the base plan as possible.",
    ),
    "scenario.solve": ("Решить заново", "Solve afresh"),
    "scenario.solve_lead": ("Новый план без оглядки на базовый (для сравнения).", "A new plan with no regard to the base plan (for comparison)."),
    "scenario.plans": ("Планы сценария", "Plans of the scenario"),
    "scenario.edit_added": ("Изменение добавлено: {text}", "Edit added: {text}"),
    "scenario.edit_removed": ("Изменение удалено.", "Edit removed."),
    "scenario.card": ("Карточка школы в базовом плане", "School card in the base plan"),
    "scenario.now": ("сейчас", "now"),
    "scenario.choose": ("— выберите —", "— choose —"),
    "scenario.schools_after": ("школ после изменений: {n}", "schools after the edits: {n}"),
    "limit.cap_per_direction": ("стажёров на наставника в направлении", "trainees per mentor per direction"),
    "limit.host_capacity": ("ёмкость площадки по умолчанию", "default host capacity"),
    "limit.max_trainee_directions": ("направлений стажировки на школу", "trainee directions per school"),
    "limit.max_km": ("наибольшее расстояние пары, км", "longest pair distance, km"),
    "limit.min_gap": ("наименьший разрыв баллов", "smallest score gap"),
    "limit.time_limit": ("предел времени решателя, с", "solver time limit, s"),
    "limit.cross_municipality": ("пары между районами", "pairs across municipalities"),
    # ------------------------------------------------------------ edit descriptions
    "edit.close_school": ("закрыть школу {school}", "close school {school}"),
    "edit.change_capacity": ("ёмкость {school}: {parts}", "capacity of {school}: {parts}"),
    "edit.change_limit": ("предел «{field}» = {value}", "limit '{field}' = {value}"),
    "edit.lock_pair": ("закрепить пару {mentor} → {trainee} ({direction})", "lock pair {mentor} → {trainee} ({direction})"),
    "edit.forbid_pair": ("запретить пару {mentor} → {trainee} ({direction})", "forbid pair {mentor} → {trainee} ({direction})"),
    "edit.forbid_pair_any": ("запретить пару {mentor} → {trainee} во всех направлениях", "forbid pair {mentor} → {trainee} in every direction"),
    "edit.lock_role": ("роль {school} в направлении {direction}: {role}", "role of {school} in direction {direction}: {role}"),
    "edit.lock_plan": ("сохранить {pairs} пар и {roles} ролей плана {plan}", "keep the {pairs} pairs and {roles} roles of plan {plan}"),
    "edit.add_school": ("добавить школу {school}", "add school {school}"),
    "edit.change_weights": ("веса: {weights}", "weights: {weights}"),
    "edit.change_strategy": ("стратегия: {strategy}", "strategy: {strategy}"),
    "edit.default": ("по умолчанию", "default"),
    "edit.no_limit": ("без предела", "no limit"),
    # ------------------------------------------------------------ diff
    "diff.title": ("Что изменилось: план {a} → план {b}", "What changed: plan {a} → plan {b}"),
    "diff.changes": ("изменений", "changes"),
    "diff.kept": ("пар сохранено", "pairs kept"),
    "diff.n_added": ("пар добавлено", "pairs added"),
    "diff.n_removed": ("пар убрано", "pairs removed"),
    "diff.n_moved": ("пар сменили наставника", "pairs moved to another mentor"),
    "diff.added": ("Пары добавлены", "Pairs added"),
    "diff.removed": ("Пары убраны", "Pairs removed"),
    "diff.moved": ("Пары с новым наставником", "Pairs moved to another mentor"),
    "diff.before": ("было", "before"),
    "diff.after": ("стало", "after"),
    "diff.mentor_before": ("Наставник был", "Mentor before"),
    "diff.mentor_after": ("Наставник стал", "Mentor after"),
    "diff.none": ("нет", "none"),
    "diff.roles": ("Роли изменились", "Roles changed"),
    "diff.deferred_added": ("Потребности перенесены", "Needs now deferred"),
    "diff.deferred_removed": ("Потребности теперь покрыты", "Needs now covered"),
    "diff.schools_removed": ("Школы вышли", "Schools gone"),
    "diff.schools_added": ("Школы добавлены", "Schools added"),
    "diff.metrics": ("Показатели: было → стало", "Metrics: before → after"),
    "diff.metric": ("Показатель", "Metric"),
    "diff.delta": ("изменение", "change"),
    "diff.open_after": ("Открыть новый план {id}", "Open the new plan {id}"),
    "diff.open_before": ("Открыть базовый план {id}", "Open the base plan {id}"),
    "diff.absent": ("—", "—"),
    # ------------------------------------------------------------ plans list
    "plans.title": ("Планы", "Plans"),
    "plans.empty": ("Планов пока нет: откройте сеть и запустите планирование.", "No plans yet: open a network and start planning."),
    "plans.network": ("Сеть", "Network"),
    "plans.pairs": ("Пары", "Pairs"),
    "plans.coverage": ("Покрытие", "Coverage"),
    "plans.involved": ("Вовлечено", "Involved"),
    "plans.deferred": ("Перенесено", "Deferred"),
    # ------------------------------------------------------------ login
    "login.title": ("Вход", "Sign in"),
    "login.lead": (
        "Этот сервер требует токен API для изменений. Введите токен, выданный администратором; "
        "он хранится только в cookie этого браузера (HttpOnly) до выхода.",
        "This server needs the API token for changes. Enter the token the administrator gave you; "
        "it is kept only in this browser's cookie (HttpOnly) until you sign out.",
    ),
    "login.no_token": ("На этом сервере токен не нужен: всё открыто.", "This server needs no token: everything is open."),
    "login.token": ("Токен API", "API token"),
    "login.submit": ("Войти", "Sign in"),
    "login.bad": ("Токен не подходит. Уточните его у администратора.", "That token is not the right one. Ask the administrator."),
    "login.ok": ("Вход выполнен.", "Signed in."),
    "login.out": ("Вы вышли.", "Signed out."),
    "login.needed": ("Для этого нужен токен API: войдите.", "This needs the API token: sign in."),
    "login.cross_site": ("Запрос пришёл с другого сайта и отклонён.", "The request came from another site and was refused."),
    # ------------------------------------------------------------ errors
    "error.title": ("Ошибка", "Error"),
    "error.not_found": ("Не найдено", "Not found"),
    "error.home": ("К списку сетей", "To the networks"),
}

#: Labels of the plan metrics shown on pages and in diffs (others keep their key).
METRICS: dict[str, tuple[str, str]] = {
    "schools": ("школ", "schools"),
    "schools_involved": ("школ вовлечено", "schools involved"),
    "schools_mentoring": ("школ наставляют", "schools mentoring"),
    "schools_never_mentoring": ("школ не наставляют", "schools never mentoring"),
    "pairs": ("пар", "pairs"),
    "trainee_needs": ("потребностей стажёров", "trainee needs"),
    "needs_covered": ("потребностей покрыто", "needs covered"),
    "needs_deferred": ("потребностей перенесено", "needs deferred"),
    "coverage_ratio": ("доля покрытых потребностей", "coverage ratio"),
    "weighted_coverage_ratio": ("взвешенное покрытие", "weighted coverage"),
    "mutual_exchanges": ("взаимных обменов", "mutual exchanges"),
    "max_host_load": ("наибольшая нагрузка площадки", "largest host load"),
    "objective": ("значение цели", "objective"),
    "changes": ("изменений", "changes"),
}


def _index(lang: str) -> int:
    return 1 if lang == "en" else 0


def t(key: str, lang: str = DEFAULT_LANG, /, **values: Any) -> str:
    """The text of ``key`` in ``lang`` with ``{placeholders}`` filled."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[_index(lang)]
    return text.format(**values) if values else text


def metric_label(key: str, lang: str = DEFAULT_LANG) -> str:
    pair = METRICS.get(key)
    return pair[_index(lang)] if pair else key.replace("_", " ")


def where_text(location: dict[str, Any] | None, lang: str = DEFAULT_LANG, fallback: str = "") -> str:
    """An input error's place in words: ``krymsky.csv, строка 7, столбец «role»``."""
    loc = location or {}
    parts: list[str] = []
    if loc.get("file"):
        parts.append(str(loc["file"]))
    for key in ("sheet", "row", "column"):
        if loc.get(key) not in (None, ""):
            parts.append(t(f"where.{key}", lang, v=loc[key]))
    if loc.get("field") and loc.get("field") != loc.get("column"):
        parts.append(t("where.field", lang, v=loc["field"]))
    return ", ".join(parts) or fallback or t("where.input", lang)


def edit_text(edit: Any, lang: str = DEFAULT_LANG, schools: dict[str, str] | None = None,
              directions: dict[str, str] | None = None) -> str:
    """One line saying what a what-if edit does, in ``lang`` (names instead of ids where known).

    ``edit`` is an edit model or its stored JSON. The edit gives its message
    code and parameters (:meth:`mentornet.scenario.BaseEdit.message`); this
    is the one place they become words.
    """
    from mentornet.scenario import BaseEdit, Term, parse_edits

    if not isinstance(edit, BaseEdit):
        try:
            edit = parse_edits([edit])[0]
        except MentornetError:
            return str(edit.get("op", "")) if isinstance(edit, dict) else str(edit)
    code, params = edit.message()
    sn = schools or {}
    dn = directions or {}

    def word(v: Any) -> Any:
        if isinstance(v, Term):
            kind, x = v
            if kind == "school":
                return sn.get(x, str(x))
            if kind == "direction":
                return dn.get(x, str(x))
            if kind == "role":
                from mentornet.explain import role_name

                return role_name(x, lang)
            if kind == "limit":
                return t(f"limit.{x}", lang) if f"limit.{x}" in STRINGS else x
            if kind == "school_field":
                return t(f"school.{x}", lang)
            if kind == "strategy":
                return t(f"strategy.{x}", lang)
            return t(f"edit.{x}", lang)
        if isinstance(v, list):  # settings: "name = value, …"
            return ", ".join(f"{word(k)} = {word(x)}" for k, x in v)
        return v

    return t(code, lang, **{k: word(v) for k, v in params.items()})


def t_in(lang: str, key: str, /, **values: Any) -> str:
    """:func:`t` with the language first (for ``partial(t_in, lang)`` in templates)."""
    return t(key, lang, **values)
