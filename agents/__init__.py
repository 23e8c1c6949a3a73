"""The four pipeline stages; each package holds pure logic plus a thin Faust agent."""
