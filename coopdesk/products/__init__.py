"""Products and labels: business groups, products, permits, batches, label readiness and alerts,
label stock, and the printing of lawful food labels (Peraturan BPOM 31/2018)."""
