"""Due diligence pages: the staff side (`staff`, `actions`) and the public tracker (`public`)."""
