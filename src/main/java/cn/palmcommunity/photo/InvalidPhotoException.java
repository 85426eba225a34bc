package cn.palmcommunity.photo;

/**
 * The bytes claim to be a photo but their structure is broken (cut off, inconsistent lengths, a
 * damaged chunk) or declares absurd dimensions. The message is safe to show to the client.
 */
public class InvalidPhotoException extends RuntimeException {

    public InvalidPhotoException(String message) {
        super(message, null, false, false);
    }
}
