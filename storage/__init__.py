"""On the phone: the encrypted TinyDB storage, the PIN vault and the contact repository."""
