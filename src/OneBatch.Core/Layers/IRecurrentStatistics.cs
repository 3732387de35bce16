namespace OneBatch.Layers;

/// <summary>
/// What a recurrent layer measures inside itself, for diagnoses: how far its gates sit on their flat tails, and how
/// much gradient reaches its first time step against its last. Each figure is of the last pass (NaN before one).
/// </summary>
public interface IRecurrentStatistics
{
    /// <summary>The share of gate pre-activations (the activation's input for a simple RNN) beyond +-5 in the last forward pass.</summary>
    float GateSaturation { get; }

    /// <summary>The L2 norm of dL/dh at the first and at the last time step in the last backward pass (null before one).</summary>
    (float First, float Last)? HiddenGradientNorms { get; }
}
