"""axe-core in the browser tests: the serious and critical accessibility violations of a page.

axe-core is vendored beside this module (axe-core/, MPL-2.0) and injected into the page under
test only; users never download it.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def serious_violations(page) -> list[str]:
    """One line per serious or critical violation: the rule, its help and the first elements."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' +
                    (n.failureSummary || '').split('\\n').slice(1, 2).join(''))
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + " | ".join(v["nodes"])
        for v in violations
        if v["impact"] in SERIOUS
    ]
