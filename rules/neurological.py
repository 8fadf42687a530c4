"""neurological causes of legs that give way, buckle, feel weak or heavy."""
RULES = []
