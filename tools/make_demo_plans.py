#!/usr/bin/env python3
"""Builds the demo plans in data/demo/ from the hand extractions of the three seed plans.

Usage:
    python3 tools/make_demo_plans.py ../shared/seeds/reference data/demo

Reads <reference_dir>/<name>_<code>.json and writes <out_dir>/<name>_<code>.json in the
carbonpeak plan format, version 1 (docs/formats/plan.md), byte for byte as the program's own
writer (PlanToJson) would write it, so re-running the script and exporting a loaded plan give
the same files.

Only facts are carried over: codes, names, numbers, years, units, line numbers, short
qualifier words (力争, 确保, 左右, 以上 …), headings and unit names. Every free-text field of
the extraction (text, note, title_note, *_raw, status notes, …) is dropped, so no sentence of a
plan document enters the repository. Choices made here:

- Targets come from `targets`; entries marked `duplicate_of_line` (a later repetition of a
  target already listed) and 2020 baseline cells of the appendix table (`value_type` =
  baseline_2020) are left out: the plan format has no baseline field.
- Rows of `indicator_table` become targets for their 2025 and 2030 cells when they carry a
  number or a delegation and no target at that line exists yet.
- Comparators map to kinds: = point, >= and > at_least, <= and < at_most, ~ about,
  range range. A target without a number is delegated when its qualifier says the number comes
  from above (…下达…, 市定), otherwise qualitative; 全覆盖 and 清零 are always qualitative.
- A number without a unit takes the unit that the same plan uses for that indicator elsewhere.
- Responsible units keep the extraction's canonical names; raw spellings that differ become
  aliases. The extraction does not separate lead from cooperating units, so all of a task's
  units are listed as lead units.
"""

import json
import pathlib
import re
import sys

PLAN_FORMAT = "carbonpeak.plan"
PLAN_VERSION = 1

COMPARATOR_KINDS = {
    "=": "point",
    ">=": "at_least",
    ">": "at_least",
    "<=": "at_most",
    "<": "at_most",
    "~": "about",
    "range": "range",
}

# Short qualifier words kept from the extraction's qualifier field, longest first so that
# "不低于" wins over "低于". Everything else in that field (annotations, fragments) is dropped.
QUALIFIER_WORDS = sorted(
    [
        "力争", "确保", "原则上", "争取", "预计", "计划", "规划建设",
        "左右", "以上", "以下", "以内", "不低于", "不高于", "不少于", "不得低于", "超过", "小于",
        "少于", "不降低", "二级以上",
        "累计", "新增", "平均", "净增长", "稳定在", "保持在", "提高至", "提高到", "提升至",
        "全覆盖", "清零", "基本实现", "全部实现", "全面实现", "基本完成", "全部完成", "全面执行",
        "严格执行", "得到合理控制", "纯电动", "百亿级", "十亿级", "全部",
    ],
    key=len,
    reverse=True,
)
QUALIFIER_PATTERN = re.compile("|".join(re.escape(w) for w in QUALIFIER_WORDS))
ANNOTATION_PATTERN = re.compile(r"（[^）]*）|\([^)]*\)")

# Lead-unit types (src/refdata: LeadUnitTypes()), chosen by the first keyword found in the
# unit's name.
UNIT_TYPE_KEYWORDS = [
    ("发展和改革", "development_reform"),
    ("发改", "development_reform"),
    ("工业和信息化", "industry_it"),
    ("工业信息化", "industry_it"),
    ("工信", "industry_it"),
    ("统计", "statistics"),
    ("生态环境", "ecology_environment"),
    ("住房", "housing_construction"),
    ("住建", "housing_construction"),
    ("交通", "transport"),
    ("农业农村", "agriculture_rural"),
    ("乡村振兴", "agriculture_rural"),
    ("畜牧水产", "agriculture_rural"),
    ("林业", "forestry"),
    ("自然资源", "natural_resources"),
    ("水利", "water_resources"),
    ("供电", "power_supply"),
    ("电力", "power_supply"),
    ("市场监督", "market_regulation"),
    ("市场监管", "market_regulation"),
    ("商务", "commerce"),
    ("科技", "science_tech"),
    ("城市管理", "urban_management"),
    ("环境卫生", "urban_management"),
    ("机关事务", "government_affairs"),
    ("政府办", "government_affairs"),
    ("人民政府", "government_affairs"),
    ("教育", "education"),
    ("财政", "finance"),
    ("金融", "finance"),
    ("组织部", "organization"),
    ("宣传部", "organization"),
    ("文化旅游", "culture_tourism"),
    ("管委会", "industrial_park"),
    ("管理委员会", "industrial_park"),
]

PROJECT_STATUS_WORDS = [("已建成", "done"), ("已完成", "done"), ("在建", "under_construction"),
                        ("已备案", "planned"), ("规划", "planned")]

CAPACITY_UNITS = (r"(?:万千瓦|千瓦|兆瓦|MWh|MW|kWh|kW|GW|千伏|kV|万平方米|平方公里|平方米|万m²|m²|m³/d|"
                  r"万立方米|立方米|公顷|万亩|亩|千米|公里|km|吨|t/h|T|台套|台|座|个|处|口|盏|家)")
CAPACITY_NUMBER = r"\d+(?:\.\d+)?"
# One quantity: "200MW", "6~35kV", "35kV至220kV", "1-3个"; a unit followed by 级 is a class
# ("1000吨级"), not a capacity.
QUANTITY = (CAPACITY_NUMBER + "(?:" + CAPACITY_UNITS + ")?(?:[-~～至]" + CAPACITY_NUMBER + ")?" +
            CAPACITY_UNITS + "(?!级)")
QUANTITY_PATTERN = re.compile(QUANTITY)
QUANTITY_LIST_PATTERN = re.compile("(?:" + QUANTITY + ")(?:/(?:" + QUANTITY + "))*")


def fail(message):
    sys.stderr.write("make_demo_plans: " + message + "\n")
    sys.exit(1)


def to_half_width(text):
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def normalize_unit(unit):
    """'（万立方米）' -> '万立方米', '％' -> '%'; None -> ''."""
    if unit is None:
        return ""
    text = to_half_width(unit).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


def qualifier_words(qualifier):
    if not qualifier:
        return ""
    text = ANNOTATION_PATTERN.sub("", qualifier)
    words = []
    for match in QUALIFIER_PATTERN.finditer(text):
        if match.group(0) not in words:
            words.append(match.group(0))
    return " ".join(words)


def number(value):
    """JSON number as the C++ writer prints it: whole numbers without a decimal point."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def kind_of(target):
    qualifier = target.get("qualifier") or ""
    if "全覆盖" in qualifier or "清零" in qualifier or target.get("qualitative"):
        return "qualitative"
    if target.get("value") is None:
        if "下达" in qualifier or "市定" in qualifier:
            return "delegated"
        return "qualitative"
    comparator = target.get("comparator")
    if comparator not in COMPARATOR_KINDS:
        fail("target at line %s has a number but comparator %r" % (target.get("line"), comparator))
    return COMPARATOR_KINDS[comparator]


def action_of(line, actions):
    for action in actions:
        if action["line"] <= line <= action["end_line"]:
            return action["number"]
    return 0


def provenance(line):
    return {"line": line} if line else None


def target_object(indicator, year, kind, value, value_high, unit, qualifier, base_year,
                  main_target, action, line):
    """A target in the key order and omission rules of the C++ writer."""
    t = {"indicator": indicator}
    if year:
        t["year"] = year
    t["kind"] = kind
    if value is not None:
        t["value"] = number(value)
    if value_high is not None:
        t["value_high"] = number(value_high)
    if unit:
        t["unit"] = unit
    if qualifier:
        t["qualifier"] = qualifier
    if base_year is not None:
        t["base_year"] = base_year
    if main_target:
        t["main_target"] = True
    if action:
        t["action"] = action
    if provenance(line):
        t["provenance"] = provenance(line)
    return t


def convert_target(ref_target, actions, fallback_units, main_allowed=True):
    kind = kind_of(ref_target)
    value = ref_target.get("value")
    value_high = ref_target.get("value_max")
    if kind == "qualitative":
        value = None
        value_high = None
    if kind != "range":
        value_high = None
    unit = normalize_unit(ref_target.get("unit"))
    if not unit and value is not None:
        unit = fallback_units.get(ref_target["indicator"], "")
    relative = ref_target.get("relative_to")
    base_year = int(relative) if relative else None
    line = ref_target.get("line") or 0
    return target_object(
        indicator=ref_target["indicator"],
        year=ref_target.get("year") or 0,
        kind=kind,
        value=value,
        value_high=value_high,
        unit=unit,
        qualifier=qualifier_words(ref_target.get("qualifier")),
        base_year=base_year,
        main_target=main_allowed and bool(ref_target.get("main_target")),
        action=action_of(line, actions),
        line=line,
    )


def units_by_indicator(ref):
    """The unit each indicator is written with somewhere in this plan (first one seen)."""
    found = {}
    rows = list(ref.get("targets", [])) + list(ref.get("indicator_table", []))
    for action in ref.get("actions", []):
        for task in action.get("tasks", []):
            rows.extend(task.get("quantitative_commitments", []))
    for row in rows:
        unit = normalize_unit(row.get("unit"))
        if unit and row.get("indicator") and row["indicator"] not in found:
            found[row["indicator"]] = unit
    return found


def table_targets(ref, existing_lines, actions):
    """Targets from the appendix indicator table that the target list does not hold yet."""
    out = []
    for row in ref.get("indicator_table", []):
        indicator = row.get("indicator")
        if not indicator:
            continue
        unit = normalize_unit(row.get("unit"))
        for year in ("2025", "2030"):
            cell = (row.get("values") or {}).get(year)
            if not cell or cell.get("line") in existing_lines:
                continue
            text = to_half_width(cell.get("text") or "").strip()
            if re.fullmatch(r"\d+(\.\d+)?", text):
                kind, value = "point", float(text)
            elif "下达" in text or "市定" in text:
                kind, value = "delegated", None
            else:
                continue
            out.append(target_object(indicator, int(year), kind, value, None, unit, "", None,
                                     False, action_of(cell["line"], actions), cell["line"]))
    return out


def split_heading(title):
    """'3. 合理调控油气消费' -> ('3', '合理调控油气消费')."""
    text = to_half_width(title).strip()
    match = re.match(r"^\(?(\d+)\)?\s*[.、．]?\s*(.*)$", text)
    if match and match.group(2):
        return match.group(1), match.group(2).strip()
    return "", title.strip()


class UnitRegistry:
    """Responsible units in order of first appearance, with aliases."""

    def __init__(self, name_map):
        # raw spelling -> canonical name; None marks an artefact to drop.
        self.name_map = dict(name_map or {})
        self.order = []
        self.aliases = {}

    def canonical(self, name):
        name = name.strip()
        if name in self.name_map:
            return self.name_map[name]
        return name

    def add(self, name):
        if name is None:
            return None
        name = self.canonical(name)
        if name is None:
            return None
        if name not in self.aliases:
            self.order.append(name)
            self.aliases[name] = []
        return name

    def add_alias(self, raw, canonical):
        raw = raw.strip()
        canonical = self.add(canonical)
        if canonical is None or not raw or raw == canonical:
            return
        if raw not in self.aliases[canonical]:
            self.aliases[canonical].append(raw)

    def add_group(self, raw_names, canonical_names):
        canon = []
        for name in canonical_names or []:
            added = self.add(name)
            if added is not None and added not in canon:
                canon.append(added)
        raw_names = raw_names or []
        if len(raw_names) == len(canonical_names or []):
            for raw, name in zip(raw_names, canonical_names):
                self.add_alias(raw, name)
        return canon

    def objects(self):
        for raw, canonical in self.name_map.items():
            if canonical is not None:
                self.add_alias(raw, canonical)
        out = []
        for name in self.order:
            unit = {"canonical_name": name}
            if self.aliases[name]:
                unit["aliases"] = self.aliases[name]
            unit_type = unit_type_of(name)
            if unit_type:
                unit["type"] = unit_type
            out.append(unit)
        return out


def unit_type_of(name):
    if "公司" in name and "供电" not in name and "电力" not in name:
        return "other"  # an enterprise named as a responsible unit
    for keyword, unit_type in UNIT_TYPE_KEYWORDS:
        if keyword in name:
            return unit_type
    return "other"


def clean_capacity(capacity):
    """'200MW' and '100MW/200MWh' stay; a phrase is reduced to its quantities, in order
    ('装机规模10万千瓦，建设风机20台' -> '10万千瓦; 20台'), so no wording of the plan is kept."""
    if not capacity:
        return ""
    text = re.sub(r"\s+", "", to_half_width(capacity))
    if QUANTITY_LIST_PATTERN.fullmatch(text):
        return text
    quantities = [m.group(0) for m in QUANTITY_PATTERN.finditer(text)]
    if quantities and text.startswith("年产"):
        quantities[0] = "年产" + quantities[0]
    return "; ".join(quantities)


def investment_yi(text):
    """'规划总投资3.27亿元' -> 3.27, '3000万元' -> 0.3 (亿元)."""
    if not text:
        return None
    match = re.search(r"(\d+(?:\.\d+)?)\s*(亿元|万元)", to_half_width(text))
    if not match:
        return None
    value = float(match.group(1))
    if match.group(2) == "万元":
        value = round(value / 10000, 10)
    return value


def project_years(period):
    if not period:
        return None, None
    years = [int(y) for y in re.findall(r"(20\d\d)", period)]
    if len(years) >= 2:
        return years[0], years[-1]
    if len(years) == 1:
        return None, years[0]
    return None, None


def project_status(ref_project):
    text = ref_project.get("status_text") or ""
    for word, status in PROJECT_STATUS_WORDS:
        if word in text:
            return status
    return ""


def convert_project(p):
    out = {"name": p["name"].strip()}
    if p.get("sector"):
        out["sector"] = p["sector"]
    capacity = clean_capacity(p.get("capacity"))
    if capacity:
        out["capacity"] = capacity
    investment = investment_yi(p.get("investment"))
    if investment is not None:
        out["investment"] = number(investment)
    start, end = project_years(p.get("period"))
    if start is not None:
        out["start_year"] = start
    if end is not None:
        out["end_year"] = end
    status = project_status(p)
    if status:
        out["status"] = status
    if p.get("line"):
        out["provenance"] = {"line": p["line"]}
    return out


def region_code_of(path):
    match = re.search(r"_(\d{6})$", path.stem)
    if not match:
        fail("%s: the file name must end in _<6-digit region code>" % path)
    return match.group(1)


def convert(ref, path):
    actions_ref = ref.get("actions", [])
    fallback_units = units_by_indicator(ref)

    targets = []
    for t in ref.get("targets", []):
        if t.get("duplicate_of_line") or t.get("value_type") == "baseline_2020":
            continue
        targets.append(convert_target(t, actions_ref, fallback_units))
    existing_lines = {t["line"] for t in ref.get("targets", [])}
    targets.extend(table_targets(ref, existing_lines, actions_ref))

    units = UnitRegistry(ref.get("unit_name_map"))
    actions = []
    for a in actions_ref:
        tasks = []
        for task in a.get("tasks", []):
            task_number, title = split_heading(task["title"])
            lead = units.add_group(task.get("responsible_units"),
                                   task.get("responsible_units_canonical"))
            commitments = []
            for q in task.get("quantitative_commitments", []):
                match = [t for t in ref.get("targets", [])
                         if t["indicator"] == q["indicator"] and t["line"] == q["line"]
                         and t.get("year") == q.get("year") and t.get("value") == q.get("value")]
                source = dict(match[0]) if match else dict(q)
                if not match:
                    source["comparator"] = "=" if q.get("value") is not None else None
                commitments.append(convert_target(source, actions_ref, fallback_units,
                                                  main_allowed=False))
            task_out = {}
            if task_number:
                task_out["number"] = task_number
            task_out["title"] = title
            if lead:
                task_out["lead_units"] = lead
            if commitments:
                task_out["commitments"] = commitments
            if task.get("line"):
                task_out["provenance"] = {"line": task["line"]}
            tasks.append(task_out)
        action_out = {"number": a["number"], "title": a["title"].strip()}
        if tasks:
            action_out["tasks"] = tasks
        if a.get("line"):
            action_out["provenance"] = {"line": a["line"]}
        actions.append(action_out)
    for measure in ref.get("policy_measures", []):
        units.add_group(measure.get("responsible_units"),
                        measure.get("responsible_units_canonical"))
    for row in ref.get("indicator_table", []):
        for name in row.get("lead_units") or []:
            units.add(name)

    status = {"正式": "final", "征求意见稿": "draft"}.get(ref.get("status"))
    if status is None:
        fail("%s: unknown status %r" % (path, ref.get("status")))
    title = ref.get("title") or (ref["region"] + "碳达峰实施方案")
    return {
        "format": PLAN_FORMAT,
        "version": PLAN_VERSION,
        "region_code": region_code_of(path),
        "title": title,
        "doc_number": ref.get("doc_number") or "",
        "issue_date": ref.get("issued_date") or "",
        "status": status,
        "base_year": ref.get("baseline_year") or 2020,
        "source_document": ref.get("seed") or "",
        "targets": targets,
        "actions": actions,
        "units": units.objects(),
        "projects": [convert_project(p) for p in ref.get("major_projects", [])],
    }


def main(argv):
    if len(argv) != 3:
        fail("usage: make_demo_plans.py <reference_dir> <out_dir>")
    ref_dir = pathlib.Path(argv[1])
    out_dir = pathlib.Path(argv[2])
    sources = sorted(ref_dir.glob("*_[0-9][0-9][0-9][0-9][0-9][0-9].json"))
    if not sources:
        fail("no <name>_<code>.json files in %s" % ref_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sources:
        with open(path, encoding="utf-8") as f:
            ref = json.load(f)
        plan = convert(ref, path)
        text = json.dumps(plan, ensure_ascii=False, indent=2) + "\n"
        (out_dir / path.name).write_text(text, encoding="utf-8")
        print("%s: %d targets, %d actions, %d units, %d projects" % (
            out_dir / path.name, len(plan["targets"]), len(plan["actions"]),
            len(plan["units"]), len(plan["projects"])))


if __name__ == "__main__":
    main(sys.argv)
