package org.moelab.train;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.moelab.ir.Node;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Progress;
import org.moelab.tensor.HostTensor;

/**
 * The training loop: trace the objective once, then for every batch substitute the current
 * parameters and the batch, evaluate loss, metrics and gradients in one pass, clip, and update on
 * the host. Shuffling is seeded per epoch ({@code seed + epoch}); a final partial batch is
 * dropped so every step has the traced shape. Cancellation is checked every step; progress is an
 * updating display (a redrawn line on the terminal, one replaced display in a notebook).
 */
final class Trainer {
  private final CallContext ctx;
  private final TrainConfig c;
  private final List<Parameter> params = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final List<List<Parameter>> grouped = new ArrayList<>();
  private final List<Double> stepLosses = new ArrayList<>();
  private final List<EpochStats> epochs = new ArrayList<>();

  private Trainer(CallContext ctx, TrainConfig c) {
    this.ctx = ctx;
    this.c = c;
    c.params().forEach((name, t) -> {
      params.add(new Parameter(name, ctx.host(t)));
      nodes.add(t.node());
    });
    for (int g = 0; g <= c.groups().size(); g++) {
      grouped.add(new ArrayList<>());
    }
    for (Parameter p : params) {
      grouped.get(groupOf(p.name())).add(p);
    }
  }

  /** The first group holding {@code name}; the optimizer's own settings (index = groups.size()) otherwise. */
  private int groupOf(String name) {
    for (int g = 0; g < c.groups().size(); g++) {
      if (c.groups().get(g).holds(name)) {
        return g;
      }
    }
    return c.groups().size();
  }

  /** Runs the training described by {@code c}. */
  static TrainReport run(CallContext ctx, TrainConfig c) {
    return new Trainer(ctx, c).run();
  }

  private TrainReport run() {
    int n = c.data().size();
    int batch = Math.min(c.batchSize(), n);
    int perEpoch = n / batch;
    TracedObjective train = TracedObjective.trace(ctx, c, c.data().range(0, batch), nodes);
    TracedObjective val = c.val() == null ? null : TracedObjective.trace(ctx, c, c.val(), List.of());
    Optimizer opt = c.optimizer().create();
    long totalEpochs = c.steps() >= 0 ? (c.steps() + perEpoch - 1) / perEpoch : c.epochs();
    long totalSteps = c.steps() >= 0 ? c.steps() : totalEpochs * perEpoch;
    Progress bar = c.progress() ? Progress.start(ctx, "train", totalSteps) : null;
    long step = 0;
    for (long epoch = 0; epoch < totalEpochs; epoch++) {
      int[] order = Dataset.permutation(n, c.seed() + epoch);
      double lossSum = 0;
      double correct = 0;
      int done = 0;
      for (int b = 0; b < perEpoch && (c.steps() < 0 || step < c.steps()); b++, done++, step++) {
        ctx.checkCancelled();
        Dataset batchData = c.data().rows(java.util.Arrays.copyOfRange(order, b * batch, (b + 1) * batch));
        StepGraph.Result r = train.graph().run(ctx, bindings(train, batchData));
        lossSum += r.loss();
        correct += train.classifies() ? r.extras().get(0)[0] : 0;
        stepLosses.add(r.loss());
        update(opt, r, step);
        if (bar != null) {
          bar.update(step + 1, status(epoch, totalEpochs, r.loss()));
        }
      }
      epochs.add(epochStats(epoch, step, lossSum / Math.max(1, done),
          train.classifies() ? correct / Math.max(1, (long) done * batch) : Double.NaN, val));
    }
    if (bar != null) {
      bar.finish(finalStatus());
    }
    return report();
  }

  private Map<Node, HostTensor> bindings(TracedObjective t, Dataset batch) {
    Map<Node, HostTensor> bind = new IdentityHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      bind.put(nodes.get(i), params.get(i).toHost());
    }
    if (batch != null) {
      bind.put(t.x(), batch.x());
      bind.put(t.y(), batch.y());
    }
    return bind;
  }

  private void update(Optimizer opt, StepGraph.Result r, long step) {
    for (int i = 0; i < params.size(); i++) {
      params.get(i).setGrad(r.grads().get(i));
    }
    if (c.clip() != null) {
      GradClip.clipGlobalNorm(params, c.clip());
    }
    OptimizerConfig o = c.optimizer();
    for (int g = 0; g < grouped.size(); g++) {
      if (grouped.get(g).isEmpty()) {
        continue;
      }
      if (g == c.groups().size()) {
        opt.step(grouped.get(g), o.lr().at(step), o.weightDecay());
      } else {
        ParamGroup group = c.groups().get(g);
        opt.step(grouped.get(g), group.lrAt(o.lr(), step), group.weightDecay(o.weightDecay()));
      }
    }
  }

  private static String status(long epoch, long epochs, double loss) {
    return String.format(Locale.ROOT, "epoch %d/%d loss %.4f", epoch + 1, epochs, loss);
  }

  private String finalStatus() {
    if (epochs.isEmpty()) {
      return "";
    }
    EpochStats last = epochs.get(epochs.size() - 1);
    String s = String.format(Locale.ROOT, "loss %.4f", last.trainLoss());
    if (!Double.isNaN(last.valAccuracy())) {
      s += String.format(Locale.ROOT, " val accuracy %.4f", last.valAccuracy());
    }
    return s;
  }

  private EpochStats epochStats(long epoch, long step, double trainLoss, double trainAcc, TracedObjective val) {
    if (val == null) {
      return new EpochStats(epoch + 1, step, trainLoss, trainAcc, Double.NaN, Double.NaN);
    }
    StepGraph.Result r = val.graph().run(ctx, bindings(val, null));
    double acc = val.classifies() ? r.extras().get(0)[0] / c.val().size() : Double.NaN;
    return new EpochStats(epoch + 1, step, trainLoss, trainAcc, r.loss(), acc);
  }

  private TrainReport report() {
    Map<Node, Node> trained = new IdentityHashMap<>();
    Map<String, org.moelab.runtime.TensorValue> byName = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      org.moelab.runtime.TensorValue t = ctx.ops().constant(params.get(i).toHost(), params.get(i).name());
      trained.put(nodes.get(i), t.node());
      byName.put(params.get(i).name(), t);
    }
    return new TrainReport(c.model(), trained, byName, List.copyOf(stepLosses), List.copyOf(epochs),
        c.optimizer().kind(), c.batchSize());
  }
}
