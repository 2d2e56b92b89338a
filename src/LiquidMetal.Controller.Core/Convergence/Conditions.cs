namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>Merges freshly computed conditions into the previous ones.</summary>
public static class Conditions
{
    /// <summary>
    /// Each computed condition keeps the previous <see cref="Condition.LastTransitionTime"/> when its status is
    /// unchanged, otherwise takes <paramref name="now"/>. Conditions not computed any more are dropped.
    /// </summary>
    public static IReadOnlyList<Condition> Merge(
        IReadOnlyList<Condition>? previous,
        IEnumerable<(string Type, ConditionStatus Status, string Reason, string Message)> computed,
        DateTimeOffset now,
        long generation)
    {
        ArgumentNullException.ThrowIfNull(computed);
        return Merge(previous, [.. computed], now, generation);
    }

    /// <inheritdoc cref="Merge(IReadOnlyList{Condition}?, IEnumerable{ValueTuple{string, ConditionStatus, string, string}}, DateTimeOffset, long)"/>
    public static IReadOnlyList<Condition> Merge(
        IReadOnlyList<Condition>? previous,
        ReadOnlySpan<(string Type, ConditionStatus Status, string Reason, string Message)> computed,
        DateTimeOffset now,
        long generation)
    {
        var result = new List<Condition>(computed.Length);
        foreach (var (type, status, reason, message) in computed)
        {
            ArgumentException.ThrowIfNullOrEmpty(reason);
            var before = Find(previous, type);
            var since = before is not null && before.Status == status ? before.LastTransitionTime : now;
            // An unchanged condition is the previous instance itself: nothing new to keep for the thousands that stay.
            result.Add(before is not null && IsSame(before, status, reason, message, generation)
                ? before
                : new Condition(type, status, reason, message, since, generation));
        }

        return result;
    }

    /// <summary>
    /// True when <see cref="Merge(IReadOnlyList{Condition}?, ReadOnlySpan{ValueTuple{string, ConditionStatus, string, string}}, DateTimeOffset, long)"/>
    /// would answer exactly <paramref name="previous"/>: the same types in the same order, each with the same status,
    /// reason, message and generation. Then the previous list (and the set holding it) can be kept as it is.
    /// </summary>
    public static bool AreUnchanged(
        IReadOnlyList<Condition> previous,
        ReadOnlySpan<(string Type, ConditionStatus Status, string Reason, string Message)> computed,
        long generation)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.Count != computed.Length)
        {
            return false;
        }

        for (var i = 0; i < computed.Length; i++)
        {
            var (type, status, reason, message) = computed[i];
            ArgumentException.ThrowIfNullOrEmpty(reason);
            if (!string.Equals(previous[i].Type, type, StringComparison.Ordinal) || !IsSame(previous[i], status, reason, message, generation))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first condition of <paramref name="type"/>; null when none.</summary>
    internal static Condition? Find(IReadOnlyList<Condition>? conditions, string type)
    {
        if (conditions is null)
        {
            return null;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            if (string.Equals(conditions[i].Type, type, StringComparison.Ordinal))
            {
                return conditions[i];
            }
        }

        return null;
    }

    private static bool IsSame(Condition before, ConditionStatus status, string reason, string message, long generation) =>
        before.Status == status && before.ObservedGeneration == generation &&
        string.Equals(before.Reason, reason, StringComparison.Ordinal) && string.Equals(before.Message, message, StringComparison.Ordinal);
}
