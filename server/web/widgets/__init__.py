"""Small building blocks shared by the supervisors' pages."""
