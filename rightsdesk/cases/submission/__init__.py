"""What a report brings with it: its files (cleaned or adopted) and a receipt from the pool."""
