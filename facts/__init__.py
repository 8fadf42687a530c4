"""The vocabulary: finding and condition ids, input models, experta facts."""
