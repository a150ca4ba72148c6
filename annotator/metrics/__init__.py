"""Pure statistics over annotations: no Flask, no database."""
