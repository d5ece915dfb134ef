"""Plans the person owns: WRAP, safety plan, advance directive worksheet and recovery goals."""
