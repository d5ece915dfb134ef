from alongside.common.testing.routes import Route, anyone

ROUTES = [Route("healthz", anyone, check_axe=False, notes="JSON, not a page")]
