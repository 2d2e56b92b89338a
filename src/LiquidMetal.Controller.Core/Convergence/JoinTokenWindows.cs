namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Bootstrap token lifetimes, as a pure function of time. A cluster's init token lives <c>ttl</c> from the cluster's
/// creation <c>t0</c> (its PKI's, never later than the init node's create). A join created when less than
/// <c>margin</c> (boot and <c>kubeadm join</c>) is left of it gets a fresh token instead: time from <c>t0</c> is cut into
/// windows of length <c>ttl</c>, window <c>k</c> = [t0 + k·ttl, t0 + (k+1)·ttl), and every join created in window
/// <c>k</c> gets window <c>k</c>'s token, which expires at the window's end plus <c>margin</c>. So every join has at
/// least <c>margin</c> left on its token, one token is registered per window at most, and a retry after a crash in the
/// same window chooses (and derives) the same token.
/// </summary>
public static class JoinTokenWindows
{
    /// <summary>The margin when none is configured: a quarter of the ttl, at most one hour.</summary>
    public static TimeSpan DefaultMargin(TimeSpan ttl) =>
        TimeSpan.FromSeconds(Math.Floor(Math.Min(TimeSpan.FromHours(1).TotalSeconds, ttl.TotalSeconds / 4)));

    /// <summary>The token a join created at <paramref name="now"/> gets.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ttl is not positive, or the margin not in (0, ttl).</exception>
    public static JoinTokenChoice Choose(DateTimeOffset clusterCreated, DateTimeOffset now, TimeSpan ttl, TimeSpan margin)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "the bootstrap token ttl must be positive");
        }

        if (margin <= TimeSpan.Zero || margin >= ttl)
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "the join margin must be positive and shorter than the ttl");
        }

        var initExpires = clusterCreated + ttl;
        if (now + margin <= initExpires)
        {
            return new JoinTokenChoice(null, initExpires);
        }

        var window = (now - clusterCreated).Ticks / ttl.Ticks;
        return new JoinTokenChoice(window, clusterCreated + TimeSpan.FromTicks((window + 1) * ttl.Ticks) + margin);
    }
}
