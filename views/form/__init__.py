"""The contact form's parts: its state and the sections it is made of."""
