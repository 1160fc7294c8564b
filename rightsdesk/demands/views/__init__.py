"""Staff pages of the demand register (`staff`) and its POST actions (`actions`)."""
