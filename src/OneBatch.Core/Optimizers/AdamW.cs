namespace OneBatch.Optimizers;

/// <summary>
/// AdamW by Keras's rule (<c>keras.optimizers.AdamW</c>, a subclass of Adam there too): <see cref="Adam"/>'s update after
/// the decoupled weight decay <c>w -= w * weight_decay * lr_t</c> (the base's <see cref="Optimizer.WeightDecay"/>, 0.004
/// by default).
/// </summary>
public sealed class AdamW : Adam
{
    public AdamW(float learningRate = 0.001f, float weightDecay = 0.004f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsgrad = false)
        : base(learningRate, beta1, beta2, epsilon, amsgrad, "adamw")
    {
        WeightDecay = NonNegative(weightDecay, "AdamW", "weight_decay");
    }

    public override Optimizer CreateFresh(float learningRate) =>
        KeepSettings(new AdamW(learningRate, WeightDecay ?? 0f, Beta1, Beta2, Epsilon, Amsgrad), learningRate);
}
