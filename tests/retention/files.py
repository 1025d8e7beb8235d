"""Temporary retention TOML files for the load tests."""

ALL_ORG_KINDS = ("wijkteam", "rvt", "veilig_thuis", "rvdk", "gi", "ggz", "politie", "om",
                 "gemeente", "huisarts", "school", "other")


def write_rules(tmp_path, body: str, others=ALL_ORG_KINDS, name="retention.toml"):
    """A rules file with `body` and one own-law rule covering the `others` kinds, so a
    test only writes the record it is about."""
    catch_all = "" if not others else f"""
[[rule]]
key = "eigen_regeling"
label = "Eigen regeling"
org_kinds = {list(others)!r}
own_law = true
source = "test"
confirmed = true
"""
    path = tmp_path / name
    path.write_text(body + catch_all, encoding="utf-8")
    return path
