DEMO_PASSWORD = "demo-2026"
DEMO_LOGINS: list[tuple[str, str]] = []
