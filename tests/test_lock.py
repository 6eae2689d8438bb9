"""The lock files agree with each other and with README's first command."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pin(text: str, name: str) -> tuple[str, frozenset[str]]:
    match = re.search(rf"^{name}==(\S+)((?: \\\n    --hash=\S+)+)", text, re.M)
    assert match, f"no hashed {name} pin"
    return match.group(1), frozenset(re.findall(r"--hash=(\S+)", match.group(2)))


def test_locked_pip_is_the_pip_of_the_lock():
    demo = (ROOT / "requirements/demo.txt").read_text(encoding="utf-8")
    alone = (ROOT / "requirements/pip.txt").read_text(encoding="utf-8")
    assert _pin(alone, "pip") == _pin(demo, "pip")
    assert len(re.findall(r"^[A-Za-z0-9_.\-]+==", alone, re.M)) == 1  # pip and nothing else


def test_readme_installs_the_locked_pip_before_the_lock():
    first = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)[0]
    assert first.index("requirements/pip.txt") < first.index("requirements/demo.txt")
