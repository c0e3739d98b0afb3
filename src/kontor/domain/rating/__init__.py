"""Rating: the rules that price usage records (pure, Decimal). plan.py holds what a catalog says
about calls (zones, pay-as-you-go rates, increments); pbx.py rates PBX calls against minute
packages and pay-as-you-go; pool.py draws pooled units (O2 Unite) and prices overage."""
