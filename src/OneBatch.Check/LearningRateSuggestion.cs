namespace OneBatch.Check;

/// <summary>
/// A learning rate read from the range test's smoothed loss curve by one of fastai's rules (<see cref="Name"/>:
/// <c>valley</c>, <c>steepest</c> or <c>minimum/10</c>, see <see cref="LearningRateSuggester"/>).
/// </summary>
/// <param name="Name">The rule.</param>
/// <param name="LearningRate">The suggested rate.</param>
/// <param name="Step">The step of the curve the rule read (for <c>minimum/10</c>, the minimum's step: the rate suggested is a tenth of that step's).</param>
/// <param name="SmoothedLoss">The smoothed loss at <paramref name="Step"/>.</param>
public sealed record LearningRateSuggestion(string Name, float LearningRate, int Step, float SmoothedLoss)
{
    public const string Valley = "valley";
    public const string Steepest = "steepest";
    public const string MinimumTenth = "minimum/10";
}
