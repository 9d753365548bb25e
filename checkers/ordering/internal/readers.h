// The two readers behind ReadMessageHistoryText (message_history.h): each fills
// `history->ops`, `observations` and `notes` from the whole text, or gives the first
// error as "SOURCE:LINE[:COLUMN]: expected ..., found ...".
#ifndef FAULTLINE_CHECKERS_ORDERING_INTERNAL_READERS_H_
#define FAULTLINE_CHECKERS_ORDERING_INTERNAL_READERS_H_

#include <string_view>

#include "absl/status/status.h"
#include "checkers/ordering/message_history.h"

namespace faultline::checkers::ordering::internal {

[[nodiscard]] absl::Status ReadFaultlineMessages(std::string_view text, std::string_view source,
                                                 MessageHistory* history);

[[nodiscard]] absl::Status ReadMaelstromKafka(std::string_view text, std::string_view source,
                                              MessageHistory* history);

}  // namespace faultline::checkers::ordering::internal

#endif  // FAULTLINE_CHECKERS_ORDERING_INTERNAL_READERS_H_
