#include "stereotype/style/metric_catalog.hpp"

#include <algorithm>

namespace stereotype::style {

namespace {
const char* kColour = "colour and light";
const char* kMotion = "body and motion";
const char* kSpace = "space and composition";
const char* kEditing = "editing";
const char* kTexture = "texture and surface";
}  // namespace

const std::vector<MetricInfo>& metric_catalog() {
  // Style units are roughly a just-noticeable-to-clear difference between two shots, so one unit
  // in every dimension weighs alike: 20 L*, 20 colourfulness, 0.2 of a 0..1 share, ...
  static const std::vector<MetricInfo> catalog = {
      {"color.lightness_mean", kColour, "brighter", "darker", 20},
      {"color.lightness_p05", kColour, "lighter in the shadows", "deeper in the shadows", 0},
      {"color.lightness_p95", kColour, "brighter in the highlights", "dimmer in the highlights", 0},
      {"color.dynamic_range", kColour, "wider in tonal range", "narrower in tonal range", 0},
      {"color.contrast_rms", kColour, "more contrasty", "flatter in contrast", 0.08},
      {"color.colorfulness", kColour, "more colourful", "less colourful", 20},
      {"color.chroma_mean", kColour, "more saturated", "less saturated", 0},
      {"color.hue_concentration", kColour, "more concentrated on one hue", "more varied in hue", 0.25},
      {"color.hue_concentration_doubled", kColour, "more concentrated on two opposite hues", "less concentrated on two opposite hues", 0},
      {"color.teal_orange", kColour, "more teal-and-orange", "less teal-and-orange", 0.2},
      {"color.neon_share", kColour, "more neon-lit", "less neon-lit", 0.05},
      {"color.haze", kColour, "hazier", "clearer (less haze)", 0.05},
      {"color.cct_k", kColour, "bluer (higher colour temperature)", "warmer (lower colour temperature)", 1500},
      {"motion.camera_speed", kMotion, "faster in camera movement", "slower in camera movement", 0.05},
      {"motion.camera_zoom", kMotion, "more zooming in", "more zooming out", 0},
      {"motion.camera_roll", kMotion, "rolling more clockwise", "rolling more counter-clockwise", 0},
      {"motion.object_speed", kMotion, "faster in subject movement", "slower in subject movement", 0.05},
      {"motion.moving_share", kMotion, "fuller of movement", "emptier of movement", 0.2},
      {"motion.total_speed", kMotion, "faster overall", "slower overall", 0},
      {"motion.horizontal_flow", kMotion, "moving more rightwards", "moving more leftwards", 0},
      {"motion.flicker", kMotion, "more flickering", "less flickering", 0},
      {"motion.warp_error", kMotion, "more warping (texture that melts)", "less warping", 0},
      {"motion.dynamic_degree", kMotion, "more dynamic", "more static", 0},
      {"motion.smoothness_sparc", kMotion, "smoother in movement (SPARC)", "jerkier in movement (SPARC)", 0},
      {"motion.jerk_ldlj", kMotion, "smoother in movement (LDLJ)", "jerkier in movement (LDLJ)", 0},
      {"motion.impacts_per_min", kMotion, "richer in impacts", "poorer in impacts", 0},
      {"motion.object_impacts_per_min", kMotion, "richer in bounces and collisions", "poorer in bounces and collisions", 0},
      {"motion.accel_kurtosis", kMotion, "more impulsive in movement", "more floating in movement", 0},
      {"body.faces", kMotion, "fuller of faces", "emptier of faces", 0},
      {"body.people", kMotion, "fuller of people", "emptier of people", 0},
      {"body.face_height", kMotion, "closer on faces", "further from faces", 0},
      {"body.face_instability", kMotion, "less stable in their faces", "more stable in their faces", 0},
      {"composition.symmetry_lr", kSpace, "more left-right symmetric", "less left-right symmetric", 0.2},
      {"composition.symmetry_tb", kSpace, "more top-bottom symmetric", "less top-bottom symmetric", 0},
      {"composition.balance", kSpace, "more off-centre", "more centred", 0.05},
      {"composition.thirds", kSpace, "further from the thirds", "closer to the thirds", 0},
      {"composition.clutter_edges", kSpace, "busier in edges", "sparser in edges", 0.05},
      {"composition.clutter_congestion", kSpace, "more cluttered", "less cluttered", 1.0},
      {"composition.perspective_share", kSpace, "more one-point in perspective", "less one-point in perspective", 0.15},
      {"composition.vanishing_distance", kSpace, "further off-centre in vanishing point", "more central in vanishing point", 0},
      {"composition.depth_of_field", kSpace, "shallower in focus (sharp centre)", "deeper in focus", 0},
      {"composition.face_share", kSpace, "closer in shot scale", "wider in shot scale", 0},
      {"texture.detail", kTexture, "richer in fine detail", "poorer in fine detail", 0.05},
      {"texture.grain", kTexture, "grainier", "cleaner (less grain)", 1.0},
      {"texture.sharpness", kTexture, "sharper", "softer", 0},
      {"texture.smoothness", kTexture, "more airbrushed (smooth, noise-free area)", "less airbrushed", 0.15},
      {"texture.boiling", kTexture, "more boiling in fine detail", "steadier in fine detail", 0},
      {"texture.brisque", kTexture, "worse in BRISQUE quality", "better in BRISQUE quality", 0},
      {"shot.duration_s", kEditing, "longer", "shorter", 0},
  };
  return catalog;
}

const MetricInfo* find_metric(const std::string& key) {
  const auto& c = metric_catalog();
  const auto it = std::find_if(c.begin(), c.end(), [&](const MetricInfo& m) { return m.key == key; });
  return it == c.end() ? nullptr : &*it;
}

}  // namespace stereotype::style
