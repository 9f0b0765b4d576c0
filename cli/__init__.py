"""amity's command line: a thin click layer over ``amity.engine``."""
