from alongside.common.testing.routes import Route, roles

ROUTES = [Route("audit:log", roles("admin")), Route("audit:chain", roles("admin"))]
