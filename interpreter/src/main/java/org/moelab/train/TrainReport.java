package org.moelab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.moelab.autodiff.Substitution;
import org.moelab.ir.Node;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.Displayable;
import org.moelab.runtime.HasAttributes;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.session.Display;

/**
 * The result of {@code train}: the trained parameters, the loss curve and per-epoch metrics. It is
 * also the trained model: calling it runs the original model with the trained parameters
 * substituted. Shows as a table in the terminal and a plot of the curves in notebooks.
 *
 * @param model the model as given to train
 * @param trained original parameter node to trained constant
 * @param params trained parameters by name
 * @param stepLosses training loss of every step
 * @param epochs per-epoch metrics
 * @param optimizer the optimizer's kind
 * @param batchSize examples per step
 */
public record TrainReport(Callable model, Map<Node, Node> trained, Map<String, TensorValue> params,
    List<Double> stepLosses, List<EpochStats> epochs, String optimizer, int batchSize)
    implements Callable, HasAttributes, Displayable {

  /** Calls the model with the trained parameters. */
  @Override
  public Value call(CallContext ctx, Args args) {
    return rebind(ctx.call(model, args));
  }

  /** {@code v} (a result traced with the original parameters) with the trained ones substituted. */
  public Value rebind(Value v) {
    return Rebind.apply(v, new Substitution(trained));
  }

  @Override
  public Optional<Value> attribute(String name) {
    return Optional.ofNullable(attributes().get(name));
  }

  @Override
  public List<String> attributeNames() {
    return new ArrayList<>(attributes().keySet());
  }

  private Map<String, Value> attributes() {
    Map<String, Value> a = new LinkedHashMap<>();
    a.put("params", new Value.DictValue(new LinkedHashMap<>(params)));
    a.put("losses", numbers(stepLosses));
    a.put("train_loss", numbers(epochs.stream().map(EpochStats::trainLoss).toList()));
    a.put("train_accuracy", numbers(epochs.stream().map(EpochStats::trainAccuracy).toList()));
    a.put("val_loss", numbers(epochs.stream().map(EpochStats::valLoss).toList()));
    a.put("val_accuracy", numbers(epochs.stream().map(EpochStats::valAccuracy).toList()));
    a.put("steps", Value.of((long) stepLosses.size()));
    return a;
  }

  private static Value numbers(List<Double> xs) {
    List<Value> out = new ArrayList<>();
    xs.forEach(x -> out.add(Value.of(x)));
    return new Value.ListValue(out);
  }

  @Override
  public Display display(CallContext ctx) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("text/plain", ReportRendering.table(this));
    data.put("image/svg+xml", ReportRendering.svg(this));
    return new Display(data, Optional.empty());
  }

  @Override
  public String typeName() {
    return "train_report";
  }

  @Override
  public String signature() {
    return "trained " + model.signature();
  }

  @Override
  public String toString() {
    return "<train_report: " + stepLosses.size() + " steps, " + params.size() + " parameters>";
  }
}
