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
        var result = new List<Condition>();
        foreach (var (type, status, reason, message) in computed)
        {
            ArgumentException.ThrowIfNullOrEmpty(reason);
            var before = previous?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal));
            var since = before is not null && before.Status == status ? before.LastTransitionTime : now;
            // An unchanged condition is the previous instance itself: nothing new to keep for the thousands that stay.
            result.Add(before is not null && before.Status == status && before.ObservedGeneration == generation &&
                       string.Equals(before.Reason, reason, StringComparison.Ordinal) && string.Equals(before.Message, message, StringComparison.Ordinal)
                ? before
                : new Condition(type, status, reason, message, since, generation));
        }

        return result;
    }
}
