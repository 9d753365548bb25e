// kv.primary-backup: a key-value store (int64 keys -> int64 values, nil initially)
// replicated from one primary to N-1 backups, with heartbeat-driven failover.
//
// See primary_backup_node.h for the protocol and models/README.md for the textbook
// behaviours each parameter shows.
//
//   sim::ModelRegistry registry;
//   registry.Add(PrimaryBackupModelInfo());
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_KV_PRIMARY_BACKUP_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_KV_PRIMARY_BACKUP_H_

#include "models/primary_backup/primary_backup_options.h"
#include "sim/message.h"
#include "sim/model.h"

namespace faultline::models {

inline constexpr char kPrimaryBackupName[] = "kv.primary-backup";

// The model's name, parameters (with defaults and help), functions and factory.
sim::ModelInfo PrimaryBackupModelInfo();

// Decodes validated parameters and registers the model's message kinds in `kinds`.
PrimaryBackupOptions PrimaryBackupOptionsFromConfig(const sim::ModelConfig& config,
                                                    sim::MessageKinds& kinds);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_KV_PRIMARY_BACKUP_H_
