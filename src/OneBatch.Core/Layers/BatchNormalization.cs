using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Normalizes each channel (the last axis) to zero mean and unit variance, then scales by gamma and shifts by beta,
/// like <c>keras.layers.BatchNormalization</c> (axis -1, momentum 0.99, epsilon 1e-3). In training it uses the
/// statistics of the batch and updates the non-trainable <c>moving_mean</c> and <c>moving_variance</c>
/// (<c>moving = moving * momentum + batch * (1 - momentum)</c>); in inference it uses the moving statistics, unless
/// <see cref="UseBatchStatisticsInInference"/> is set.
/// </summary>
public sealed class BatchNormalization : Layer
{
    private Tensor? _batchMean;
    private Tensor? _batchVariance;

    public BatchNormalization(
        int axis = -1,
        float momentum = 0.99f,
        float epsilon = 1e-3f,
        bool center = true,
        bool scale = true,
        Initializer? betaInitializer = null,
        Initializer? gammaInitializer = null,
        Initializer? movingMeanInitializer = null,
        Initializer? movingVarianceInitializer = null,
        int[]? inputShape = null,
        string? name = null)
        : base(name, inputShape)
    {
        if (axis != -1 && axis < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"BatchNormalization normalizes the last axis (-1, channels last); got {axis}.");
        }

        if (!(momentum is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), $"BatchNormalization momentum must be in [0, 1]; got {momentum}.");
        }

        if (!(epsilon > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), $"BatchNormalization epsilon must be positive; got {epsilon}.");
        }

        Axis = axis;
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        BetaInitializer = betaInitializer ?? new Constant(0f);
        GammaInitializer = gammaInitializer ?? new Constant(1f);
        MovingMeanInitializer = movingMeanInitializer ?? new Constant(0f);
        MovingVarianceInitializer = movingVarianceInitializer ?? new Constant(1f);
    }

    public int Axis { get; }

    public float Momentum { get; }

    public float Epsilon { get; }

    public bool Center { get; }

    public bool Scale { get; }

    public Initializer BetaInitializer { get; }

    public Initializer GammaInitializer { get; }

    public Initializer MovingMeanInitializer { get; }

    public Initializer MovingVarianceInitializer { get; }

    /// <summary>
    /// When true, a call with <c>training: false</c> still normalizes with the batch statistics (and updates the
    /// moving ones) as in training, while other layers (dropout) stay in inference. Off by default.
    /// </summary>
    public bool UseBatchStatisticsInInference { get; set; }

    public Variable? Gamma { get; private set; }

    public Variable? Beta { get; private set; }

    public Variable? MovingMean { get; private set; }

    public Variable? MovingVariance { get; private set; }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank < 1 || inputShape.Last == 0)
        {
            throw ShapeError(inputShape, "inputs with a non-empty channel axis");
        }

        // Keras counts axes with the batch axis first, so the last axis of a per-sample shape of rank r is r; axis 1
        // is the channels of channels-first data (Keras 1's dim_ordering "th").
        if (Axis != -1 && Axis != inputShape.Rank && Axis != 1)
        {
            throw ShapeError(inputShape, $"to normalize the last axis ({inputShape.Rank} or -1) or the first (1, channels first), but axis is {Axis}");
        }

        if (inputShape[0] == 0)
        {
            throw ShapeError(inputShape, "inputs with a non-empty channel axis");
        }

        return inputShape;
    }

    /// <summary>channels-first when the layer normalizes axis 1 of samples with more than one axis.</summary>
    private DataFormat Format(Shape inputShape) =>
        Axis == 1 && inputShape.Rank >= 2 ? DataFormat.ChannelsFirst : DataFormat.ChannelsLast;

    protected override void Build(Shape inputShape)
    {
        var channels = new Shape(Format(inputShape).ToChannelsLast(inputShape).Last);
        if (Scale)
        {
            Gamma = AddWeight("gamma", channels, GammaInitializer);
        }

        if (Center)
        {
            Beta = AddWeight("beta", channels, BetaInitializer);
        }

        MovingMean = AddWeight("moving_mean", channels, MovingMeanInitializer, trainable: false);
        MovingVariance = AddWeight("moving_variance", channels, MovingVarianceInitializer, trainable: false);
        _batchMean = new Tensor(channels);
        _batchVariance = new Tensor(channels);
    }

    // x: [batch, ..., C] -> [batch, ..., C]
    public override bool SupportsMasking => true;

    // Channels-first data (axis 1) is normalized as its channels-last transpose.
    protected internal override Tensor Call(Tensor x, bool training)
    {
        var format = Format(InputShape!.Value);
        x = format.ToChannelsLast(x);
        if (!training && !UseBatchStatisticsInInference)
        {
            return format.FromChannelsLast(Ops.BatchNormalization(x, Gamma?.Value, Beta?.Value, MovingMean!.Value, MovingVariance!.Value, Epsilon, batchStatistics: false));
        }

        var y = Ops.BatchNormalization(x, Gamma?.Value, Beta?.Value, _batchMean!, _batchVariance!, Epsilon, batchStatistics: true);
        var mm = MovingMean!.Value.Span;
        var mv = MovingVariance!.Value.Span;
        TensorPrimitives.Lerp(_batchMean!.ReadOnlySpan, mm, Momentum, mm);
        TensorPrimitives.Lerp(_batchVariance!.ReadOnlySpan, mv, Momentum, mv);
        return format.FromChannelsLast(y);
    }
}
