"""The extraction rules as data: trigger words, word lists, windows and depths, each row with its example."""
