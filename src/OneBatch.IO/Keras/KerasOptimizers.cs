using System.Globalization;
using System.Text.Json;
using OneBatch.Optimizers;
using OneBatch.Optimizers.Schedules;

namespace OneBatch.IO.Keras;

/// <summary>
/// The optimizer a Keras model file was compiled with, as an <see cref="Optimizer"/>: Keras 3's
/// <c>{"module": "keras.optimizers", "class_name": "Adam", "config": {...}}</c>, Keras 2's and tf.keras's
/// <c>{"class_name": "Adam", "config": {"lr" | "learning_rate": ..., "decay": ...}}</c>, TF.js's camelCase configs, or a
/// bare name (<c>"adam"</c>); the learning rate may be a serialized schedule. Settings with no effect on a one-batch
/// check (the name, <c>use_ema: false</c>, <c>jit_compile</c>, loss scaling, ...) are accepted; anything that would
/// change the training and that OneBatch does not do is refused in one sentence naming the file and the setting.
/// </summary>
public static class KerasOptimizers
{
    // Keys that do not change what a one-batch check computes (validated where a value could).
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "name", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "jit_compile", "is_legacy_optimizer",
        "gradient_accumulation_steps",
    };

    private static string Choose => $"choose --optimizer from {Optimizer.Registry.Describe(", ")}";

    /// <summary>The optimizer <paramref name="serialized"/> describes; <paramref name="source"/> names the file in messages (<c>'model.keras'</c>).</summary>
    public static Optimizer Read(JsonElement serialized, string source) => Read(serialized, source, out _);

    /// <summary>
    /// As <see cref="Read(JsonElement, string)"/>, and the settings the file gave, under Keras 3's key names
    /// (<c>learning_rate</c>, <c>beta_1</c>, <c>clipnorm</c>, ...; Keras 2's <c>lr</c> as <c>learning_rate</c>), in the
    /// file's order: the others are Keras's defaults.
    /// </summary>
    public static Optimizer Read(JsonElement serialized, string source, out IReadOnlyList<string> settingsFromFile)
    {
        var given = new List<string>();
        settingsFromFile = given;
        if (serialized.ValueKind == JsonValueKind.String)
        {
            string name = serialized.GetString()!;
            return Optimizer.Registry.TryGet(name, out var make)
                ? make(null)
                : throw new InputException($"{source}: its optimizer '{name}' is not one OneBatch has; {Choose}.");
        }

        if (serialized.ValueKind != JsonValueKind.Object || ModelReader.ClassName(serialized) is not { } className)
        {
            throw new InputException($"{source}: its optimizer is {JsonText.OneLine(serialized)}, which is not an optimizer name or a serialized optimizer.");
        }

        CheckModule(serialized, className, source, "optimizer");

        // TF 2.11 and 2.12 wrote their new optimizers as "Custom>Adam".
        if (className.StartsWith("Custom>", StringComparison.Ordinal))
        {
            className = className["Custom>".Length..];
        }

        var config = ModelReader.Property(serialized, "config") is { ValueKind: JsonValueKind.Object } c ? c : default;
        if (className == "LossScaleOptimizer")
        {
            // Mixed precision's loss scaling divides out again: the inner optimizer is what trains.
            return ModelReader.Property(config, "inner_optimizer") is { } inner
                ? Read(inner, source, out settingsFromFile)
                : throw new InputException($"{source}: its LossScaleOptimizer has no inner_optimizer.");
        }

        if (className == "TFOptimizer")
        {
            throw new InputException($"{source}: its optimizer is a TensorFlow 1 TFOptimizer, which OneBatch cannot read; {Choose}.");
        }

        var s = new Settings(config, className, source, given);
        var optimizer = Create(s);
        s.RefuseUnknown();
        return optimizer;
    }

    /// <summary>The serialized optimizer in a training config: Keras 2's and TF.js's <c>optimizer_config</c>, Keras 3's <c>optimizer</c>; null when absent.</summary>
    public static JsonElement? Find(JsonElement trainingConfig) =>
        ModelReader.Property(trainingConfig, "optimizer_config") ?? ModelReader.Property(trainingConfig, "optimizer");

    private static Optimizer Create(Settings s)
    {
        // TF.js writes camelCase keys and its own meaning for some of them (RMSProp's decay is rho).
        bool tfjs = s.Has("learningRate") && !s.Has("learning_rate") && !s.Has("lr");
        bool keras2 = s.Has("lr");
        var (rate, schedule) = s.LearningRate();
        float? lr = schedule is null ? rate : null;
        string key = s.ClassName.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        Optimizer optimizer;
        try
        {
            optimizer = key switch
            {
                "sgd" => new SGD(lr ?? 0.01f, s.Float("momentum") ?? 0f, s.Bool("nesterov") ?? false)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },
                "momentum" when tfjs => new SGD(lr ?? 0.01f, s.Float("momentum") ?? 0f, s.Bool("use_nesterov") ?? false) { Schedule = schedule },
                "adam" => new Adam(lr ?? 0.001f, s.Float("beta_1") ?? 0.9f, s.Float("beta_2") ?? 0.999f, s.Float("epsilon") ?? 1e-7f, s.Bool("amsgrad") ?? false)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },
                "adamw" => new AdamW(
                    lr ?? 0.001f, s.WeightDecay ?? 0.004f, s.Float("beta_1") ?? 0.9f, s.Float("beta_2") ?? 0.999f, s.Float("epsilon") ?? 1e-7f, s.Bool("amsgrad") ?? false)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, Decay = s.Decay,
                },
                "adamax" => new Adamax(lr ?? 0.001f, s.Float("beta_1") ?? 0.9f, s.Float("beta_2") ?? 0.999f, s.Float("epsilon") ?? 1e-7f)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },
                "nadam" => new Nadam(lr ?? 0.001f, s.Float("beta_1") ?? 0.9f, s.Float("beta_2") ?? 0.999f, s.Float("epsilon") ?? 1e-7f, s.Float("schedule_decay") ?? 1f)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },
                "rmsprop" when tfjs => new RMSprop(lr ?? 0.001f, s.Float("decay") ?? 0.9f, s.Float("momentum") ?? 0f, s.Float("epsilon") ?? 1e-7f, s.Bool("centered") ?? false)
                {
                    Schedule = schedule,
                },
                "rmsprop" => new RMSprop(lr ?? 0.001f, s.Float("rho") ?? 0.9f, s.Float("momentum") ?? 0f, s.Float("epsilon") ?? 1e-7f, s.Bool("centered") ?? false)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },

                // Keras 2 (lr) started Adagrad's accumulators at 0; tf.keras and Keras 3 at initial_accumulator_value, 0.1 by default.
                "adagrad" => new Adagrad(lr ?? 0.001f, s.Float("initial_accumulator_value") ?? (keras2 ? 0f : 0.1f), s.Float("epsilon") ?? 1e-7f)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },
                "adadelta" => new Adadelta(lr ?? 0.001f, s.Float("rho") ?? 0.95f, s.Float("epsilon") ?? 1e-7f)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },
                "lion" => new Lion(lr ?? 0.001f, s.Float("beta_1") ?? 0.9f, s.Float("beta_2") ?? 0.99f)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },
                "ftrl" => new Ftrl(
                    lr ?? 0.001f, s.Float("learning_rate_power") ?? -0.5f, s.Float("initial_accumulator_value") ?? 0.1f, s.Float("l1_regularization_strength") ?? 0f,
                    s.Float("l2_regularization_strength") ?? 0f, s.Float("l2_shrinkage_regularization_strength") ?? 0f, s.Float("beta") ?? 0f)
                {
                    Schedule = schedule, ClipNorm = s.ClipNorm, ClipValue = s.ClipValue, GlobalClipNorm = s.GlobalClipNorm, WeightDecay = s.WeightDecay, Decay = s.Decay,
                },
                _ => throw new InputException($"{s.Source}: its optimizer {s.ClassName} is not one OneBatch has; {Choose}."),
            };
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{s.Source}: its optimizer {s.ClassName} cannot be used: {WithoutParameter(e)}", e);
        }

        return optimizer;
    }

    private static LearningRateSchedule Schedule(JsonElement serialized, Settings owner)
    {
        string source = owner.Source;
        string className = ModelReader.ClassName(serialized)
            ?? throw new InputException($"{source}: its optimizer {owner.ClassName} has a learning_rate of {JsonText.OneLine(serialized)}, which is not a number or a schedule.");
        CheckModule(serialized, className, source, "learning-rate schedule");
        var config = ModelReader.Property(serialized, "config") is { ValueKind: JsonValueKind.Object } c ? c : default;
        var s = new Settings(config, className, source, null, $"its learning-rate schedule {className}");
        try
        {
            var schedule = className switch
            {
                "ExponentialDecay" => new ExponentialDecay(s.Required("initial_learning_rate"), s.Steps("decay_steps"), s.Required("decay_rate"), s.Bool("staircase") ?? false),
                "InverseTimeDecay" => new InverseTimeDecay(s.Required("initial_learning_rate"), s.Steps("decay_steps"), s.Required("decay_rate"), s.Bool("staircase") ?? false),
                "PiecewiseConstantDecay" => (LearningRateSchedule)new PiecewiseConstantDecay(s.Numbers("boundaries").Select(b => (long)b).ToArray(), s.Numbers("values").Select(v => (float)v).ToArray()),
                "PolynomialDecay" => new PolynomialDecay(
                    s.Required("initial_learning_rate"), s.Steps("decay_steps"), s.Float("end_learning_rate") ?? 0.0001f, s.Float("power") ?? 1f, s.Bool("cycle") ?? false),
                "CosineDecay" => new CosineDecay(
                    s.Required("initial_learning_rate"), s.Steps("decay_steps"), s.Float("alpha") ?? 0f, s.Float("warmup_target"), s.OptionalSteps("warmup_steps") ?? 0),
                "CosineDecayRestarts" => new CosineDecayRestarts(
                    s.Required("initial_learning_rate"), s.Steps("first_decay_steps"), s.Float("t_mul") ?? 2f, s.Float("m_mul") ?? 1f, s.Float("alpha") ?? 0f),
                _ => throw new InputException(
                    $"{source}: its optimizer {owner.ClassName} takes its learning rate from a {className} schedule, which OneBatch does not have (it has ExponentialDecay, " +
                    "InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay and CosineDecayRestarts)."),
            };
            s.RefuseUnknown();
            return schedule;
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{source}: its learning-rate schedule {className} cannot be used: {WithoutParameter(e)}", e);
        }
    }

    // A class from outside Keras is the user's own code, even under a Keras name.
    private static void CheckModule(JsonElement serialized, string className, string source, string what)
    {
        if (ModelReader.Property(serialized, "module") is { ValueKind: JsonValueKind.String } m && !KerasConfig.IsKerasModule(m.GetString()!))
        {
            throw new InputException($"{source}: its {what} {className} comes from the module '{m.GetString()}', not from Keras, so OneBatch cannot run it.");
        }
    }

    private static string WithoutParameter(ArgumentException e)
    {
        string message = e.Message;
        int at = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return at >= 0 ? message[..at] : message;
    }

    /// <summary>One config object read key by key; keys read are marked so that the rest can be refused.</summary>
    private sealed class Settings(JsonElement config, string className, string source, List<string>? given, string? label = null)
    {
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        public string ClassName { get; } = className;

        public string Source { get; } = source;

        private string Label { get; } = label ?? $"its optimizer {className}";

        public float? ClipNorm => Float("clipnorm");

        public float? ClipValue => Float("clipvalue");

        public float? GlobalClipNorm => Float("global_clipnorm");

        public float? WeightDecay => Float("weight_decay");

        public float Decay => Float("decay") ?? 0f;

        public bool Has(string key) => config.ValueKind == JsonValueKind.Object && config.TryGetProperty(key, out _);

        /// <summary>The learning rate under <c>learning_rate</c> (Keras 2: <c>lr</c>): a number, or a schedule.</summary>
        public (float? Rate, LearningRateSchedule? Schedule) LearningRate()
        {
            var value = Get("learning_rate") ?? Get("lr", "learning_rate");
            if (value is not { } v)
            {
                return (null, null);
            }

            return v.ValueKind == JsonValueKind.Object ? (null, KerasOptimizers.Schedule(v, this)) : (Number(v, "learning_rate"), null);
        }

        public float? Float(string key) => Get(key) is { } v ? Number(v, key) : null;

        public float Required(string key) => Float(key) ?? throw new InputException($"{Source}: {Label} has no {key}.");

        public long Steps(string key) => OptionalSteps(key) ?? throw new InputException($"{Source}: {Label} has no {key}.");

        public long? OptionalSteps(string key) => Get(key) is not { } v
            ? null
            : v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d == Math.Floor(d) && Math.Abs(d) < long.MaxValue
                ? (long)d
                : throw new InputException($"{Source}: {Label} has a {key} of {JsonText.OneLine(v)}, which is not a whole number.");

        public bool? Bool(string key) => Get(key) is { } v
            ? v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new InputException($"{Source}: {Label} has a {key} of {JsonText.OneLine(v)}, which is not true or false."),
            }
            : null;

        public double[] Numbers(string key)
        {
            var items = (Get(key) is { } v ? KerasConfig.Items(v) : null)
                ?? throw new InputException($"{Source}: {Label} has no list of {key}.");
            return items.Select(i => i.ValueKind == JsonValueKind.Number && i.TryGetDouble(out double d) && double.IsFinite(d)
                ? d
                : throw new InputException($"{Source}: {Label} lists {JsonText.OneLine(i)} among its {key}, which is not a number.")).ToArray();
        }

        /// <summary>Refuses a key no reader took, unless it has no effect here; and the ignorable ones that would have one.</summary>
        public void RefuseUnknown()
        {
            if (config.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var p in config.EnumerateObject())
            {
                string key = Snake(p.Name);
                if (_read.Contains(p.Name) || _read.Contains(key) || p.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (!Ignored.Contains(key))
                {
                    throw new InputException($"{Source}: {Label} sets {p.Name} = {JsonText.OneLine(p.Value)}, which OneBatch does not know.");
                }

                if (key == "use_ema" && p.Value.ValueKind == JsonValueKind.True)
                {
                    throw new InputException($"{Source}: {Label} sets use_ema = true (a moving average of the weights), which OneBatch does not do.");
                }

                if (key == "gradient_accumulation_steps" && !(p.Value.TryGetDouble(out double steps) && steps <= 1))
                {
                    throw new InputException(
                        $"{Source}: {Label} sets gradient_accumulation_steps = {JsonText.OneLine(p.Value)}, which OneBatch does not do (it updates on every step).");
                }
            }
        }

        // The value under the key in snake_case or TF.js's camelCase; null when absent or JSON null. The key is
        // recorded as given under its Keras 3 name.
        private JsonElement? Get(string key, string? recordAs = null)
        {
            _read.Add(key);
            _read.Add(KerasConfig.CamelCase(key));
            var v = ModelReader.Property(config, key);
            if (v is not null && given is not null && !given.Contains(recordAs ?? key))
            {
                given.Add(recordAs ?? key);
            }

            return v;
        }

        private float Number(JsonElement v, string key) =>
            v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) && Math.Abs(d) <= float.MaxValue
                ? (float)d
                : throw new InputException($"{Source}: {Label} has a {key} of {JsonText.OneLine(v)}, which is not a number.");

        private static string Snake(string name) =>
            string.Concat(name.Select(ch => char.IsUpper(ch) ? "_" + char.ToLower(ch, CultureInfo.InvariantCulture) : ch.ToString()));
    }
}
