namespace OneBatch.Check;

/// <summary>
/// What a learning-rate range test found: for each step run, the rate it trained at, the loss before its update and
/// the smoothed loss; why it stopped; and the suggested rates, <see cref="Recommended"/> first among equals.
/// </summary>
public sealed record LearningRateFinderResult
{
    /// <summary>The rate of each step run.</summary>
    public required IReadOnlyList<float> LearningRates { get; init; }

    /// <summary>The loss of each step, measured before its update (as fastai records it).</summary>
    public required IReadOnlyList<float> Losses { get; init; }

    /// <summary>The smoothed loss of each step (<see cref="SmoothedLoss"/>): what the stop rule and the suggestions read.</summary>
    public required IReadOnlyList<float> SmoothedLosses { get; init; }

    /// <summary>The steps the test planned (<see cref="LearningRateFinderOptions.NumSteps"/>).</summary>
    public required int NumSteps { get; init; }

    public required float StartLearningRate { get; init; }

    public required float EndLearningRate { get; init; }

    public required LearningRateStop StopReason { get; init; }

    /// <summary>valley, steepest and minimum/10, in that order; empty when the curve had fewer than 2 finite points.</summary>
    public required IReadOnlyList<LearningRateSuggestion> Suggestions { get; init; }

    /// <summary>The optimizer's Keras name (its learning rate set at each step, its other settings kept).</summary>
    public required string Optimizer { get; init; }

    public required string Loss { get; init; }

    public int Seed { get; init; }

    public double Seconds { get; init; }

    /// <summary>The steps run.</summary>
    public int Steps => LearningRates.Count;

    /// <summary>The recommended suggestion (valley, as fastai), or null when there is none.</summary>
    public LearningRateSuggestion? Recommended => Suggestions.FirstOrDefault(s => s.Name == LearningRateSuggester.Recommended);

    /// <summary>The stop reason's code: <c>completed</c>, <c>diverged</c> or <c>non_finite</c>.</summary>
    public string StopCode => StopReason switch
    {
        LearningRateStop.Completed => "completed",
        LearningRateStop.Diverged => "diverged",
        _ => "non_finite",
    };

    /// <summary>Why the test stopped, in one sentence.</summary>
    public string StopMessage
    {
        get
        {
            var c = System.Globalization.CultureInfo.InvariantCulture;
            int last = Steps - 1;
            return StopReason switch
            {
                LearningRateStop.Completed => string.Create(c, $"every planned rate was tried, up to {EndLearningRate:G3}"),
                LearningRateStop.Diverged => string.Create(c,
                    $"the smoothed loss {SmoothedLosses[last]:G4} exceeded {LearningRateFinderOptions.DivergenceFactor:G} times its minimum {SmoothedLosses.Min():G4} at rate {LearningRates[last]:G3}"),
                _ => string.Create(c, $"the loss became {Losses[last]} at rate {LearningRates[last]:G3}"),
            };
        }
    }
}
