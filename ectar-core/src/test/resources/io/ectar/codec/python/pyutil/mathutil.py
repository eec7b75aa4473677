def pad_size(n, k):
    """The smallest number that has to be added to n to make it a multiple of k."""
    if n % k:
        return k - n % k
    return 0


def log_ceil(n, b):
    """The smallest integer p such that b**p >= n."""
    p = 1
    k = 0
    while p < n:
        p *= b
        k += 1
    return k
