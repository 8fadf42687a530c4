"""Shared hypothesis strategies: valid presentations in the contract's shape."""
from hypothesis import strategies as st

from facts.vocabulary import FINDINGS

FINDING_IDS = sorted(FINDINGS)

findings_maps = st.dictionaries(st.sampled_from(FINDING_IDS), st.booleans(), max_size=25)

presentations = st.fixed_dictionaries(
    {"findings": findings_maps},
    optional={
        "age": st.integers(min_value=0, max_value=120),
        "sex": st.sampled_from(["female", "male", "other"]),
        "id": st.text(max_size=30),
        "notes": st.text(max_size=200),
    },
)

busy_presentations = st.fixed_dictionaries({
    "findings": st.dictionaries(st.sampled_from(FINDING_IDS), st.booleans() | st.just(True), min_size=4, max_size=30),
})
"""Presentations with many findings, mostly present: rules fire several
times over, and derivations share sub-derivations (a pattern, a red flag)."""
